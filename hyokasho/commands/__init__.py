"""One module per `hyokasho` subcommand.

Each module defines NAME, HELP, EXAMPLES, `add_arguments(parser)` and `run(args) -> int`
(the exit status). hyokasho.cli lists them; nothing else needs to change to add one.
"""
