#!/usr/bin/env python3
"""Write the fictional version history of tests/versions/specs.py as PDFs (for trying `hyokasho diff`).

    uv run python scripts/make_version_demo.py OUT_DIR

架空市 (a fictional body) re-publishes its 国民健康保険 基礎項目評価書 twice (v1 → v2 → v3) and
its 全項目評価書 once (z1 → z2); each newer 変更箇所 declares some of the changes and not others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdfgen.fixtures import generate  # noqa: E402
from tests.versions.specs import KISO, ZEN, spec  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    out = p.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for kind, versions in (("kiso", KISO), ("zenkomoku", ZEN)):
        for name, v in versions.items():
            pdf, _ = generate(kind, **spec(v))
            path = out / f"kakushi_kokuho_{kind}_{name}.pdf"
            path.write_bytes(pdf)
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
