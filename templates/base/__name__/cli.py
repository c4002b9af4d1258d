"""The project CLI: train the model, serve the API, predict from a file.

    python <package>cli.py train [--output PATH]
    python <package>cli.py serve [--host HOST] [--port PORT] [--workers N]
    python <package>cli.py predict FILE      # FILE: {"inputs": [...]} or a bare list; - for stdin

`<package>cli.py` at the project's root runs this module's main(), and so does the `<package>`
command that `pip install -e .` installs. Other Leo components add subcommands as modules in
commands/.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import pkgutil
import sys
from pathlib import Path
from typing import NoReturn

from . import artifacts, commands, errors
from .commands import PROG, CommandError
from .config import PROJECT_ROOT, ConfigError, Settings


def train(args: argparse.Namespace) -> int:
    from .train import train as train_model  # imports the ML stack: only when needed

    output = Path(args.output).resolve() if args.output else Settings.from_env().model_path
    report = train_model(output)
    print(
        f"accuracy on a held-out split: {report.accuracy:.4f} "
        f"({report.test_rows} rows held out, {report.train_rows} used for training)"
    )
    print(f"model written to {report.path}")
    print(f"sha256 {report.digest}")
    return 0


def serve(args: argparse.Namespace) -> NoReturn:
    # gunicorn.conf.py reads and validates these, exactly as when gunicorn is run directly.
    for variable, value in (("HOST", args.host), ("PORT", args.port), ("WEB_CONCURRENCY", args.workers)):
        if value is not None:
            os.environ[variable] = str(value)
    settings = Settings.from_env()
    try:
        artifacts.verify(settings.model_path)
    except artifacts.ArtifactError as exc:
        print(f"warning: {exc}; the API will not be ready until you run `python {PROG} train`", file=sys.stderr)
    sys.stderr.flush()
    # From the project root, so that gunicorn.conf.py and the app import the package.
    os.chdir(PROJECT_ROOT)
    # exec, not a child process: gunicorn gets the signals (Ctrl-C, docker stop) directly.
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", f"{__package__}.wsgi:app"]
    os.execv(sys.executable, command)


def predict(args: argparse.Namespace) -> int:
    from .model import Model
    from .service import Service, loads

    source = "standard input" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"input file {args.file} not found") from None
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        document = loads(data)
    except (ValueError, RecursionError) as exc:
        raise CommandError(f"{source} is not valid JSON: {exc}") from None
    inputs = document.get("inputs") if isinstance(document, dict) else document
    if inputs is None:
        raise CommandError(f"{source} must hold an object with 'inputs' or a JSON array of input rows")

    # The same service the API runs: digest check, load, warm-up, validation.
    # It reports its own failures below, so its error log lines are muted.
    logging.disable(logging.ERROR)
    service = Service(Settings.from_env(), Model(), framework="cli")
    service.load()
    if not service.ready:
        raise CommandError(f"model not ready: {service.reason} (train one with `python {PROG} train`)")
    try:
        predictions = service.run(inputs)
    except errors.ApiError as exc:
        raise CommandError(f"invalid input: {exc.message}") from None
    print(json.dumps({"predictions": predictions}))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    command = subparsers.add_parser("train", help="train the example model; write it and its SHA-256 digest")
    command.add_argument("--output", metavar="PATH", help="where to write the model (default: MODEL_PATH)")
    command.set_defaults(func=train)

    command = subparsers.add_parser("serve", help="serve the API with gunicorn (gunicorn.conf.py)")
    command.add_argument("--host", help="interface to bind (default: HOST or 0.0.0.0)")
    command.add_argument("--port", type=int, help="port to listen on (default: PORT or 8080)")
    command.add_argument("--workers", type=int, help="worker processes (default: WEB_CONCURRENCY or one per CPU)")
    command.set_defaults(func=serve)

    command = subparsers.add_parser("predict", help="predict the inputs in a JSON file with the trained model")
    command.add_argument(
        "file", metavar="FILE", help='JSON file: {"inputs": [...]} or a bare array; - reads standard input'
    )
    command.set_defaults(func=predict)

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"error: invalid configuration: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: what a command leaves half done it has removed
        print("interrupted", file=sys.stderr)
        return 130
