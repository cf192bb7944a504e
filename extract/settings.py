"""Every tuned threshold of the extraction, one settings object per stage.

Modelled on pdfplumber's ``TableSettings``: frozen dataclasses with documented defaults.
`ExtractionSettings` gathers the stages; `hyokasho ingest --settings FILE.toml` overrides any
field (``[layout]\\nsnap = 2.5``), and the settings a dataset was made with are recorded in
every `documents` row (`extraction_settings`, only the fields that differ from the defaults)
and in the export manifest, so a dataset says how it was made.

How the settings reach the stages: the pipeline activates one `ExtractionSettings` for the
document it is extracting (`using(...)`), and each stage reads its part once per call with
`extract.settings_context.current()`. A context variable rather than a parameter on every function, because the
thresholds are needed forty calls deep in layout code that otherwise has no reason to know
about configuration; the pipeline is the only place that sets it, per document, inside the
worker process, so nothing leaks from one document to the next.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterator

from extract.minutes.settings import MinutesSettings
from extract.ocr_cells import CellOcrSettings
from extract.ocr_marks import MarkSettings
from extract.settings_context import ACTIVE
from extract.skeleton import SkeletonSettings


@dataclass(frozen=True)
class LayoutSettings:
    """Reading text-layer pages into lines and ruled cells (extract.pdf, extract.flow, extract.assessment)."""

    snap: float = 2.0  # pt: rule positions closer than this are one rule
    min_rule: float = 4.0  # pt: shorter strokes are glyph parts, not rules
    col_gap: float = 1.0  # em (after tracking): a wider gap separates two columns of an unruled line
    min_support: int = 3  # lines that must start a segment at a column's x for it to be a column
    tracked: float = 0.12  # em: a page whose typical gap between neighbouring glyphs exceeds this is letter-spaced
    gap_wide: float = (
        0.15  # em: a wider gap between Japanese characters is a space (Chromium's half-width space is 0.25 em)
    )
    gap_narrow: float = 0.18  # em: ... next to Latin letters or digits (a word space is 0.2–0.33 em)


@dataclass(frozen=True)
class RasterRuleSettings:
    """Table rulings found in a page image (extract.raster_rules; scans have no vector rules)."""

    ink: int = 160  # grey level below which a pixel is ink; label fills (grey 0.85–0.93 → 217–237) are not
    min_len_pt: float = 14.0  # shorter dark runs are text strokes (a 10.5 pt kanji stroke is < 11 pt)
    min_len_frac: float = 0.03  # ... and horizontal rules are at least this share of the page width
    max_thick_pt: float = 3.0  # a rule (even Excel's "thick" 2.25 pt border) is thinner; thicker = a filled block
    gap_pt: float = 3.0  # collinear pieces closer than this are one rule broken by the scan
    max_skew_deg: float = 1.5  # skew search range
    skew_step_deg: float = 0.05  # skew search step


@dataclass(frozen=True)
class GlyphMapSettings:
    """Naming the glyphs of fonts without ToUnicode by OCR votes (extract.glyph_map)."""

    min_conf: float = 30.0  # Tesseract word confidence below this: too often wrong to vote
    coverage: float = 0.99  # stop OCR'ing once glyphs with a vote make up this share of occurrences
    max_pages: int = 8  # … or after this many OCR'd pages (each costs seconds of Tesseract time),
    max_pages_low: int = 24  # … or this many while glyphs with a vote are still under low_coverage
    low_coverage: float = 0.98  # of the occurrences (a 全項目 from Calc: 96% after 8 pages, 98% after 15)
    first_pages: int = 2  # always OCR'd when bad: the cover and the table of contents
    all_pages_upto: int = 4  # short documents: OCR every bad page, more votes against OCR errors
    pos_weight: float = 0.25  # later passes: alignment cost per em of distance
    passes: int = 3  # realignments knowing the previous pass's mapping
    ink_dpi: int = 96  # enough to see any stroke of a 6 pt glyph
    region_dpi: int = 300  # glyphs no OCR'd page voted on are read again in their own line, at this dpi,
    region_em: float = 4.0  # ... with this many ems of their line on either side (OCR reads words, not glyphs),
    max_regions: int = 200  # ... at most this many of them (one Tesseract run reads them all),
    weak_support: float = 1.5  # ... and so are named glyphs whose name has less vote weight than this
    run_gap: float = 1.5  # known text: a line's glyphs are cut into runs (cells) at gaps wider than this (ems),
    known_ratio: float = 0.7  # ... a run reading this close to a printed label of its length prints it,
    known_min_chars: int = 4  # ... when it has at least this many glyphs
    dash_max_em: float = 0.6  # a glyph without a vote, one thin horizontal bar and at most this wide, is `-`,
    dash_max_height_em: float = 0.15  # ... its ink at most this tall (ems of its size)


@dataclass(frozen=True)
class GlyphVerifySettings:
    """Checking OCR's names of glyphs against the words around them and the glyphs' shapes
    (extract.glyph_verify): Tesseract reads some kanji the same wrong way every time."""

    # reference fonts: file names looked up in the system's font folders (scripts/setup.sh installs
    # IPAex明朝 and IPAゴシック: a 明朝 and a ゴシック like the MS fonts most filings are printed in),
    # or paths; where none is found, MuPDF's built-in Droid Sans Fallback
    fonts: str = "ipaexm.ttf ipag.ttf japan"
    grid: int = 32  # pictures compared are this many pixels square
    contexts: int = 4  # occurrences whose words are looked at
    window: int = 8  # characters of the line on either side of the glyph
    min_similarity: float = 0.6  # a new name must look at least this much like the glyph,
    margin: float = 0.2  # ... and this much more than the name OCR gave it
    # a variant form of the name (淺 for 浅, normalize.kanji_variants) needs a smaller margin: the
    # two are alike by nature, and there are one or two such candidates, not thousands
    variant_margin: float = 0.1
    # a Latin letter, digit or sign another glyph of the font and width is named by too (I, ] and 1
    # read as 1) is wrong for all but the glyph printed most often: for the others any character
    # that looks more alike than the name replaces it (narrow glyphs look alike: I is 0.96 like 1)
    contested_margin: float = 0.0
    # a kanji whose words raise no doubt is checked against the words' candidates all the same
    # when it looks this little like its name (measured on dev minutes without ToUnicode: 1% of
    # right names look less alike than 0.58, most wrong ones less than 0.45)
    doubt_similarity: float = 0.5
    # a candidate must make a word in this share of the glyph's contexts (条 of 条例 stands alone
    # in 第2条, a word of its own)
    word_share: float = 0.5
    # what a glyph named by OCR as a Latin letter, a digit or a sign may really be, if it is at
    # least min_symbol_width ems wide (● is 0.6 em in some fonts; a Latin letter can be narrower):
    # one of these, or another letter or digit (full-width ones where the glyph is full_width)
    min_symbol_width: float = 0.5
    symbols: str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ●○◎■□◆◇▲△▼▽★☆※＊＠〇"
    full_width: float = 0.8  # ems
    # a candidate whose ink is this many times bigger or smaller than the glyph's is not alike
    # (the pictures compared are squared to the ink, so ● would otherwise match ・)
    max_extent_ratio: float = 2.2  # Droid Sans Fallback draws ● 0.44 em big, IPA fonts 0.84 em; ・ is 0.18


@dataclass(frozen=True)
class OcrSettings:
    """Rendering pages for Tesseract (hyokasho.ocr)."""

    dpi: int = 300  # Tesseract's Japanese model wants ~10 px strokes; 300 dpi is its documented sweet spot
    page_timeout: float = 240.0  # seconds per page; the per-file timeout of the batch still applies above this


@dataclass(frozen=True)
class ExtractionSettings:
    layout: LayoutSettings = field(default_factory=LayoutSettings)
    raster_rules: RasterRuleSettings = field(default_factory=RasterRuleSettings)
    glyph_map: GlyphMapSettings = field(default_factory=GlyphMapSettings)
    glyph_verify: GlyphVerifySettings = field(default_factory=GlyphVerifySettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    cell_ocr: CellOcrSettings = field(default_factory=CellOcrSettings)
    marks: MarkSettings = field(default_factory=MarkSettings)
    minutes: MinutesSettings = field(default_factory=MinutesSettings)
    skeleton: SkeletonSettings = field(default_factory=SkeletonSettings)

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "settings") -> ExtractionSettings:
        """Defaults overridden by `data` ({stage: {field: value}}); unknown names and wrong types are errors."""
        stages = {f.name: f for f in fields(cls)}
        defaults = cls()
        chosen: dict[str, Any] = {}
        for stage, values in data.items():
            if stage not in stages:
                raise SettingsError(f"{origin}: unknown section [{stage}] (known: {', '.join(stages)})")
            if not isinstance(values, dict):
                raise SettingsError(f"{origin}: [{stage}] must be a table of settings")
            default = getattr(defaults, stage)
            known = {f.name: f for f in fields(default)}
            typed: dict[str, Any] = {}
            for name, value in values.items():
                if name not in known:
                    raise SettingsError(f"{origin}: [{stage}] has no setting {name!r} (known: {', '.join(known)})")
                want = type(getattr(default, name))
                if want is float and isinstance(value, int) and not isinstance(value, bool):
                    value = float(value)
                if type(value) is not want:
                    raise SettingsError(f"{origin}: [{stage}] {name} must be {want.__name__}, got {value!r}")
                typed[name] = value
            chosen[stage] = dataclasses.replace(default, **typed)
        return cls(**chosen)

    @classmethod
    def from_toml(cls, path: str | Path) -> ExtractionSettings:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as e:
            raise SettingsError(f"{path}: cannot read settings file ({e.strerror or e})") from e
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise SettingsError(f"{path}: not a valid TOML settings file ({e})") from e
        return cls.from_dict(data, str(path))

    @classmethod
    def from_json(cls, text: str, origin: str = "settings") -> ExtractionSettings:
        """The inverse of `as_json` (how ingest hands the settings to its worker processes)."""
        try:
            data = json.loads(text)
        except ValueError as e:
            raise SettingsError(f"{origin}: not valid JSON settings ({e})") from e
        if not isinstance(data, dict):
            raise SettingsError(f"{origin}: settings must be a JSON object")
        return cls.from_dict(data, origin)

    def changes(self) -> dict[str, dict[str, Any]]:
        """Only what differs from the defaults: {stage: {field: value}}."""
        default = ExtractionSettings()
        out: dict[str, dict[str, Any]] = {}
        for f in fields(self):
            mine, base = dataclasses.asdict(getattr(self, f.name)), dataclasses.asdict(getattr(default, f.name))
            diff = {k: v for k, v in mine.items() if base[k] != v}
            if diff:
                out[f.name] = diff
        return out

    def as_json(self) -> str:
        """The changes as canonical JSON ('{}' for the defaults): what `documents.extraction_settings` holds."""
        return json.dumps(self.changes(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def tag(self) -> str:
        """'' for the defaults, else a short fingerprint, so changed settings re-extract like a new version."""
        text = self.as_json()
        return "" if text == "{}" else hashlib.sha256(text.encode()).hexdigest()[:8]


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the cause."""


DEFAULT = ExtractionSettings()


@contextlib.contextmanager
def using(settings: ExtractionSettings) -> Iterator[ExtractionSettings]:
    """Make `settings` what `extract.settings_context.current()` returns inside the block."""
    token = ACTIVE.set(settings)
    try:
        yield settings
    finally:
        ACTIVE.reset(token)
