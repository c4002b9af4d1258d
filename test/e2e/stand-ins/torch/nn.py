"""torch.nn's Module, Sequential, Linear and ReLU, for inference, on NumPy (see __init__.py)."""

from __future__ import annotations

from typing import Any

import numpy as np


class Module:
    def __init__(self) -> None:
        self._modules: dict[str, Module] = {}
        self._parameters: dict[str, np.ndarray] = {}

    def __call__(self, x: Any) -> Any:
        return self.forward(x)

    def forward(self, x: Any) -> Any:
        raise NotImplementedError

    def eval(self) -> Module:
        return self

    def state_dict(self) -> dict[str, np.ndarray]:
        state = dict(self._parameters)
        for prefix, module in self._modules.items():
            state.update({f"{prefix}.{name}": value for name, value in module.state_dict().items()})
        return state

    def load_state_dict(self, state: dict[str, Any], strict: bool = True) -> None:
        """Copies the tensors in, refusing what PyTorch's strict loading refuses, in its words."""
        own = self.state_dict()
        problems = []
        if strict:
            missing = [name for name in own if name not in state]
            unexpected = [name for name in state if name not in own]
            if missing:
                problems.append("Missing key(s) in state_dict: " + ", ".join(f'"{n}"' for n in missing) + ".")
            if unexpected:
                problems.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{n}"' for n in unexpected) + ".")
        for name, target in own.items():
            if name in state and np.shape(state[name]) != target.shape:
                problems.append(f"size mismatch for {name}: copying a param with shape {np.shape(state[name])} "
                                f"from checkpoint, the shape in current model is {target.shape}.")
        if problems:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(problems))
        for name, target in own.items():
            if name in state:
                target[...] = state[name]


class Sequential(Module):
    def __init__(self, *modules: Module) -> None:
        super().__init__()
        self._modules = {str(index): module for index, module in enumerate(modules)}

    def forward(self, x: Any) -> Any:
        for module in self._modules.values():
            x = module(x)
        return x


class Linear(Module):
    def __init__(self, in_features: int, out_features: int) -> None:
        super().__init__()
        self._parameters = {"weight": np.zeros((out_features, in_features), dtype=np.float32),
                            "bias": np.zeros(out_features, dtype=np.float32)}

    def forward(self, x: Any) -> Any:
        if x.ndim != 2 or x.shape[1] != self._parameters["weight"].shape[1]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape} and "
                               f"{self._parameters['weight'].T.shape})")
        return x @ self._parameters["weight"].T + self._parameters["bias"]


class ReLU(Module):
    def forward(self, x: Any) -> Any:
        return np.maximum(x, 0)
