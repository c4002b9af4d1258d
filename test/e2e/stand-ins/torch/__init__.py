"""A stand-in for the part of PyTorch that a generated `pytorch` project loads and predicts with.

PyPI's PyTorch is a CUDA build of several GB, too big for Leo's CI. This package has the same
names and shapes on top of NumPy, enough to run the generated model.py's `load_model` and
`predict`, the service around them and a test's reference predictions. Its `load` insists on
the arguments that keep loading safe (`weights_only=True`, onto the CPU), as PyTorch's would not.
Its `save` writes an .npz archive, which only this `load` reads: training is not stood in for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import nn

__all__ = ["Tensor", "finfo", "float32", "inference_mode", "load", "nn", "save", "set_num_threads", "tensor"]

float32 = np.float32
finfo = np.finfo


class Tensor(np.ndarray):
    """An array with the few tensor methods the generated code calls."""

    def unsqueeze(self, dim: int) -> Tensor:
        return np.expand_dims(self, dim)

    def softmax(self, dim: int) -> Tensor:
        exponentials = np.exp(self - self.max(axis=dim, keepdims=True))
        return exponentials / exponentials.sum(axis=dim, keepdims=True)


def tensor(data: Any, dtype: Any = None) -> Tensor:
    return np.array(data, dtype=dtype).view(Tensor)


def set_num_threads(count: int) -> None:
    if count < 1:
        raise ValueError("the number of threads must be at least 1")


@contextlib.contextmanager
def inference_mode() -> Iterator[None]:
    yield


def save(state: dict[str, Any], file: Any) -> None:
    np.savez(file, **{name: np.asarray(value) for name, value in state.items()})


def load(file: Any, map_location: Any = None, weights_only: Any = None) -> dict[str, Tensor]:
    if weights_only is not True:
        raise AssertionError("load() without weights_only=True would unpickle arbitrary code")
    if map_location != "cpu":
        raise AssertionError(f"load() must map the tensors to the CPU, got map_location={map_location!r}")
    with np.load(file, allow_pickle=False) as archive:
        return {name: tensor(archive[name]) for name in archive.files}
