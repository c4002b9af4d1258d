"""Extra subcommands of the project CLI, contributed by other Leo components.

Every module in this package is loaded by the CLI at start-up and must define
`register(subparsers)`: add a sub-parser and give it a handler with
`parser.set_defaults(func=handler)`. `handler(args)` returns the exit status;
it raises `CommandError` for a failure the user should read (printed as
`error: <message>`, exit status 1), or `ConfigError` for a bad setting.
"""


class CommandError(Exception):
    """A failure worth one clear line to the user, not a traceback."""


#: The project CLI at the project's root, as messages tell the user to run it: `python PROG ...`.
PROG = f"{__name__.partition('.')[0]}cli.py"
