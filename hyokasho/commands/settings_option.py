"""`--settings FILE.toml`, shared by the commands that extract (ingest, inspect, settings)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.settings import ExtractionSettings

HELP = (
    "extraction thresholds from a TOML file ([layout] snap = 2.5 …; `hyokasho settings` prints every "
    "setting with its default); recorded in documents.extraction_settings"
)


def add_settings_argument(p) -> None:
    p.add_argument("--settings", metavar="FILE.toml", help=HELP)


def load_settings(args, command: str) -> ExtractionSettings | None:
    """The settings the user asked for, None for the defaults; SystemExit(2) naming the file if unusable."""
    if not getattr(args, "settings", None):
        return None
    from extract.settings import ExtractionSettings, SettingsError

    try:
        return ExtractionSettings.from_toml(args.settings)
    except SettingsError as e:
        print(f"hyokasho {command}: {e}", file=sys.stderr)
        raise SystemExit(2) from None
