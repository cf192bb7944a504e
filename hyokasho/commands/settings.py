"""`hyokasho settings [--settings FILE.toml]`"""

from __future__ import annotations

import sys

from hyokasho.commands.settings_option import add_settings_argument, load_settings

NAME = "settings"
HELP = "Print every extraction setting (defaults, or those of --settings FILE) as a TOML file to edit."
EXAMPLES = """\
examples:
  hyokasho settings > my.toml                    # every threshold with its default, one [section] per stage
  hyokasho settings --settings my.toml --changed # only what my.toml changes
  hyokasho ingest data/raw --out trial --settings my.toml
A settings file may hold any subset; unknown names and wrong types are refused, naming the file."""


def add_arguments(p) -> None:
    add_settings_argument(p)
    p.add_argument("--changed", action="store_true", help="only the settings that differ from the defaults")


def run(args) -> int:
    from extract.settings import DEFAULT
    from hyokasho.settings_toml import to_toml

    settings = load_settings(args, NAME) or DEFAULT
    sys.stdout.write(to_toml(settings, changed_only=args.changed))
    return 0
