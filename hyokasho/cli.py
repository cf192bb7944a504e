"""The `hyokasho` command: argument parsing only; each subcommand lives in hyokasho.commands."""

from __future__ import annotations

import argparse
import os
import sys

from hyokasho import __version__
from hyokasho.commands import compact, diff, export, ingest, inspect, query, search, settings

COMMANDS = [ingest, query, inspect, export, search, diff, settings, compact]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hyokasho",
        description="Turn 特定個人情報保護評価書 PDFs, review minutes and public-comment results into a Parquet dataset.",
        epilog="Run `hyokasho COMMAND --help` for each command's examples.",
    )
    p.add_argument("--version", action="version", version=f"hyokasho {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for cmd in COMMANDS:
        sp = sub.add_parser(
            cmd.NAME,
            help=cmd.HELP,
            description=cmd.HELP,
            epilog=cmd.EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.add_arguments(sp)
        sp.set_defaults(_run=cmd.run)
    return p


# commands that only read: a reader closing the pipe early (`… | head`) is its choice, not an error
READ_ONLY = {"query", "search", "inspect", "settings"}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args._run(args)
    except KeyboardInterrupt:
        print("interrupted; the dataset is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if args.command in READ_ONLY:
            return 0
        _say(f"hyokasho {args.command}: the output pipe was closed before the command finished")
        return 1
    except OSError as e:
        if os.environ.get("HYOKASHO_DEBUG"):
            raise
        from hyokasho.os_errors import describe

        _say(f"hyokasho {args.command}: {describe(e)}")
        return 1


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass  # stderr is gone too: the exit status is all that is left


if __name__ == "__main__":
    sys.exit(main())
