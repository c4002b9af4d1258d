"""deploy, undeploy and status, and their Docker target: the project with every service (compose).

    python <package>cli.py deploy docker       # build the image, start every service
    python <package>cli.py undeploy docker     # stop the containers, keep them
    python <package>cli.py status TARGET       # what runs, and its health

A component that brings another target adds it from its own module in this package, with
add_target (kubernetes.py). Standard library only, so that it works before any requirement is
installed. Every command's output, both streams, is passed on line by line as it comes: Leo's
deploy screen streams it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Callable

from ..config import DEFAULT_MODEL_PATH, PROJECT_ROOT
from . import PROG, CommandError

#: Every target Leo deploys to: one this project lacks is explained rather than unknown.
TARGETS = ("docker", "kubernetes")
#: This project's targets: what deploy, undeploy and status run for each (see add_target).
Action = Callable[[argparse.Namespace], None]
ACTIONS: dict[str, dict[str, Action]] = {}
# How much of a failing command's output its error message repeats.
TAIL_LINES = 15
# Checks of the daemon and the cluster answer quickly or not at all.
PROBE_TIMEOUT = 20


def say(line: str) -> None:
    print(line, flush=True)


def stream(command: list[str], what: str) -> None:
    """Runs a command with its output passed on as it comes; a failure repeats its last lines."""
    say("$ " + " ".join(command))
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    # stderr joins stdout, so that the lines keep their order and the error message sees both.
    # Leaving the with block waits for the command, also on Ctrl-C (which it got too).
    with subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        bufsize=1,
    ) as process:
        assert process.stdout is not None  # stdout=PIPE
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            tail.append(line.rstrip("\n"))
    status = process.returncode
    if status != 0:
        lines = "\n".join(f"  | {line}" for line in tail) or "  (no output)"
        raise CommandError(
            f"{what} failed: `{' '.join(command)}` exited with status {status}; its last lines:\n{lines}"
        )


def probe(command: list[str]) -> subprocess.CompletedProcess | None:
    """Runs a check quietly; None when it did not answer in time."""
    try:
        return subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROBE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None


def last_line(result: subprocess.CompletedProcess | None) -> str:
    if result is None:
        return f"no answer within {PROBE_TIMEOUT} s"
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def need(tool: str, purpose: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise CommandError(f"{tool} was not found on PATH: {purpose} needs it")
    return path


def docker_daemon() -> None:
    need("docker", "building the image")
    result = probe(["docker", "info", "--format", "{{.ServerVersion}}"])
    if result is None or result.returncode != 0:
        raise CommandError(f"the Docker daemon is not reachable (is it running?): {last_line(result)}")


def compose() -> list[str]:
    """`docker compose` where the plugin is installed, else the standalone docker-compose."""
    result = probe(["docker", "compose", "version"])
    if result is not None and result.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise CommandError(
        "neither `docker compose` nor `docker-compose` is installed: the services are started with compose"
    )


def trained_model() -> None:
    # The image copies the model in: without one the build would fail far less clearly.
    if not (PROJECT_ROOT / DEFAULT_MODEL_PATH).is_file():
        raise CommandError(f"no trained model at {DEFAULT_MODEL_PATH}: run `python {PROG} train` first")


def image_id(image: str) -> str:
    """The hex digest that names a built image's content."""
    result = probe(["docker", "image", "inspect", "--format", "{{.Id}}", image])
    digest = result.stdout.strip().removeprefix("sha256:") if result is not None and result.returncode == 0 else ""
    if not re.fullmatch(r"[0-9a-f]{12,64}", digest):
        raise CommandError(f"cannot read the ID of the image {image}: {last_line(result)}")
    return digest


def deploy_docker(args: argparse.Namespace) -> None:
    docker_daemon()
    tool = compose()
    trained_model()
    stream([*tool, "build"], "building the image")
    stream([*tool, "up", "--detach"], "starting the services")
    say(f"deployed: `python {PROG} status docker` shows their health")


def undeploy_docker(args: argparse.Namespace) -> None:
    docker_daemon()
    stream([*compose(), "stop"], "stopping the services")
    say("stopped: the containers are kept; `deploy docker` starts them again")


def status_docker(args: argparse.Namespace) -> None:
    docker_daemon()
    stream([*compose(), "ps", "--all"], "listing the services")


def add_target(target: str, deploy: Action, undeploy: Action, status: Action) -> None:
    """Makes `deploy|undeploy|status TARGET` run these: called from each target's register()."""
    ACTIONS[target] = {"deploy": deploy, "undeploy": undeploy, "status": status}


def handler(action: str):
    def run(args: argparse.Namespace) -> int:
        # Every target is accepted here, so that one the project lacks gets an explanation.
        actions = ACTIONS.get(args.target)
        if actions is None:
            raise CommandError(
                f"this project has no {args.target} deployment: regenerate it with Leo and {args.target} switched on"
            )
        try:
            actions[action](args)
        except KeyboardInterrupt:
            raise CommandError(f"{action} {args.target}: interrupted") from None
        return 0

    return run


def register(subparsers: argparse._SubParsersAction) -> None:
    add_target("docker", deploy_docker, undeploy_docker, status_docker)
    helps = {
        "deploy": "build the image and start the services (docker) or apply the manifests (kubernetes)",
        "undeploy": "stop the containers, keeping them (docker), or delete the manifests (kubernetes)",
        "status": "show what is running and whether it is healthy",
    }
    for action, help_text in helps.items():
        parser = subparsers.add_parser(action, help=help_text)
        parser.add_argument("target", choices=TARGETS)
        parser.set_defaults(func=handler(action))
