"""The `hyokasho` command: argument parsing only; each subcommand lives in hyokasho.commands."""
from __future__ import annotations

import argparse
import os
import sys

from hyokasho import __version__
from hyokasho.commands import diff, export, ingest, inspect, query, search

COMMANDS = [ingest, query, inspect, export, search, diff]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hyokasho",
        description="Turn 特定個人情報保護評価書 PDFs, review minutes and public-comment results into a Parquet dataset.",
        epilog="Run `hyokasho COMMAND --help` for each command's examples.")
    p.add_argument("--version", action="version", version=f"hyokasho {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.NAME, help=cmd.HELP, description=cmd.HELP, epilog=cmd.EXAMPLES,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        cmd.add_arguments(sp)
        sp.set_defaults(_run=cmd.run)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args._run(args)
    except KeyboardInterrupt:
        print("interrupted; the dataset is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `hyokasho query … | head` closed the pipe early: that is the reader's choice, not an error.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
