"""Extraction settings: one object per stage, a TOML file on the CLI, recorded in the dataset."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from extract.settings import DEFAULT, ExtractionSettings, LayoutSettings, SettingsError, using
from extract.settings_context import current
from hyokasho.dataset import Dataset
from tests.samples import sample

REPO = Path(__file__).resolve().parents[2]
KISO = "kitakyushu_kokuho_kiso__calc"
NO_RULES = "[layout]\nmin_rule = 100000.0   # no stroke is long enough to be a rule\n"


def hyokasho(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ---------------------------------------------------------------- the settings object


def test_defaults_have_no_changes_and_no_tag():
    assert DEFAULT.changes() == {} and DEFAULT.as_json() == "{}" and DEFAULT.tag() == ""


def test_a_partial_file_overrides_only_its_fields(tmp_path):
    s = ExtractionSettings.from_toml(write(tmp_path, "[layout]\nsnap = 3\n[minutes]\nlist_gap = 0.9\n"))
    assert s.layout == dataclasses.replace(LayoutSettings(), snap=3.0)  # an int where a float is wanted is fine
    assert isinstance(s.layout.snap, float)
    assert s.changes() == {"layout": {"snap": 3.0}, "minutes": {"list_gap": 0.9}}
    assert s.raster_rules == DEFAULT.raster_rules
    assert len(s.tag()) == 8 and s.tag() != ExtractionSettings.from_dict({"layout": {"snap": 3.5}}).tag()


@pytest.mark.parametrize(
    "text, words",
    [
        ("[layot]\nsnap = 3\n", ["unknown section [layot]", "layout"]),
        ("[layout]\nsnapp = 3\n", ["no setting 'snapp'", "snap"]),
        ('[layout]\nsnap = "wide"\n', ["snap must be float"]),
        ("[layout]\nmin_support = 2.5\n", ["min_support must be int"]),
        ("layout = 3\n", ["[layout] must be a table"]),
        ("[layout\nsnap = 3\n", ["not a valid TOML settings file"]),
    ],
)
def test_an_unusable_file_is_refused_naming_it_and_the_cause(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as e:
        ExtractionSettings.from_toml(path)
    assert str(path) in str(e.value) and all(w in str(e.value) for w in words)


def test_json_round_trip_is_what_the_workers_receive():
    s = ExtractionSettings.from_dict({"glyph_map": {"passes": 2}, "cell_ocr": {"retry_conf": 60.0}})
    assert ExtractionSettings.from_json(s.as_json()) == s


def test_using_is_scoped():
    s = ExtractionSettings.from_dict({"layout": {"snap": 9.0}})
    assert current() is DEFAULT
    with using(s):
        assert current().layout.snap == 9.0
    assert current() is DEFAULT


# ---------------------------------------------------------------- through the CLI, on a real PDF


def test_settings_command_prints_a_file_that_reads_back_as_the_defaults(tmp_path):
    r = hyokasho("settings")
    assert r.returncode == 0, r.stderr
    data = tomllib.loads(r.stdout)
    assert ExtractionSettings.from_dict(data) == DEFAULT
    assert set(data) == {f.name for f in dataclasses.fields(ExtractionSettings)}
    changed = hyokasho("settings", "--settings", write(tmp_path, NO_RULES), "--changed")
    assert tomllib.loads(changed.stdout) == {"layout": {"min_rule": 100000.0}}


def test_a_bad_settings_file_stops_ingest_before_anything_is_written(tmp_path):
    bad = write(tmp_path, "[layout]\nsnapp = 3\n")
    r = hyokasho("ingest", sample(KISO), "--out", tmp_path / "ds", "--settings", bad, "--no-progress")
    assert r.returncode == 2 and f"hyokasho ingest: {bad}: [layout] has no setting 'snapp'" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "ds").exists()


def test_ingest_settings_reach_the_workers_and_are_recorded(tmp_path):
    """A threshold that changes what the form yields; the dataset says which settings made it, and
    changing them (back) re-extracts, as a new extractor version does."""
    out, toml = tmp_path / "ds", write(tmp_path, NO_RULES)
    pdf = sample(KISO)

    assert hyokasho("ingest", pdf, "--out", out, "--no-progress").returncode == 0
    default_doc = Dataset(out).read("documents").to_pylist()[0]
    default_fields = Dataset(out).read("fields").num_rows
    assert default_doc["extraction_settings"] == "{}" and "+s." not in default_doc["extractor_version"]

    r = hyokasho("ingest", pdf, "--out", out, "--no-progress", "--settings", toml)
    assert r.returncode == 0, r.stderr
    assert "1 extracted" in r.stderr  # same bytes, other settings: extracted again, not "unchanged"
    doc = Dataset(out).read("documents").to_pylist()
    assert len(doc) == 1  # replaced, not added beside the default extraction
    assert json.loads(doc[0]["extraction_settings"]) == {"layout": {"min_rule": 100000.0}}
    tag = ExtractionSettings.from_toml(toml).tag()
    assert doc[0]["extractor_version"].endswith(f"+s.{tag}")
    assert Dataset(out).read("fields").num_rows != default_fields  # the worker really used them

    again = hyokasho("ingest", pdf, "--out", out, "--no-progress", "--settings", toml)
    assert "0 extracted" in again.stderr and "1 unchanged" in again.stderr

    export = hyokasho("export", "--data", out, "--out", tmp_path / "exp", "--format", "jsonl")
    assert export.returncode == 0, export.stderr
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extraction_settings"] == {doc[0]["extractor_version"]: {"layout": {"min_rule": 100000.0}}}

    back = hyokasho("ingest", pdf, "--out", out, "--no-progress")
    assert "1 extracted" in back.stderr
    assert Dataset(out).read("fields").num_rows == default_fields


def test_inspect_takes_the_same_settings(tmp_path):
    plain = json.loads(hyokasho("inspect", sample(KISO), "--format", "json").stdout)
    r = hyokasho("inspect", sample(KISO), "--format", "json", "--settings", write(tmp_path, NO_RULES))
    tuned = json.loads(r.stdout)
    tables = lambda d: d.get("tables", d)
    assert tables(tuned)["documents"][0]["extraction_settings"] == '{"layout":{"min_rule":100000.0}}'
    assert len(tables(tuned)["fields"]) != len(tables(plain)["fields"])
