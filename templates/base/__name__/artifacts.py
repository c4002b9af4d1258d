"""Model files and their SHA-256 digests.

A model file `model.pkl` is always accompanied by `model.pkl.sha256`, in the
format of `sha256sum` (so `cd models && sha256sum -c model.pkl.sha256` checks
it). Unpickling runs code: the service refuses a file whose digest is missing
or different. To serve a model trained elsewhere, copy it to models/ and
write its digest with `cd models && sha256sum model.pkl > model.pkl.sha256`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


class ArtifactError(Exception):
    """The model file or its digest is missing or does not match."""


def digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path) -> str:
    """Return the file's SHA-256 if it matches its digest file; raise ArtifactError otherwise."""
    if not path.is_file():
        raise ArtifactError(f"model file {path} not found")
    recorded_path = digest_path(path)
    try:
        recorded = recorded_path.read_text(encoding="ascii").split()
    except FileNotFoundError:
        raise ArtifactError(f"digest file {recorded_path} is missing; refusing to load an unverified model") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArtifactError(f"digest file {recorded_path} is unreadable: {exc}") from None
    actual = sha256_of(path)
    if not recorded or recorded[0].lower() != actual:
        raise ArtifactError(f"digest mismatch for {path}: {recorded_path} does not match the file's SHA-256")
    return actual


def _write_atomically(path: Path, data: bytes) -> None:
    # Write beside the target, then rename: readers see the old file or the
    # new one, never a half-written one.
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def save_pickle(obj: Any, path: Path) -> str:
    """Pickle `obj` to `path` with its digest beside it; return the SHA-256."""
    return save_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), path)


def save_bytes(data: bytes, path: Path) -> str:
    """Write a serialised model to `path` with its digest beside it; return the SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Model first: if we stop between the two renames, the pair mismatches and
    # the service refuses it rather than serving an unverified file.
    _write_atomically(path, data)
    _write_atomically(digest_path(path), f"{digest}  {path.name}\n".encode("ascii"))
    return digest
