"""The Leo interface: the contract between your model and the service around it.

The service only ever talks to a model through `LeoModel`. To serve a different
model, change the class in `model.py`: implement `predict` (a `Classifier`'s
`probabilities`), override `load_model` if your file is not a plain pickle, and
return a real batch from `example_input` (it is the warm-up request and the
documented example).
"""

from __future__ import annotations

import abc
import itertools
import math
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar


class InvalidInput(ValueError):
    """The model rejects these inputs; the message says what it expected (HTTP 422)."""


class LeoModel(abc.ABC):
    """A model the service can load, warm up and call."""

    #: Shown in /metadata and the API docs.
    name: str = "model"
    #: The kind of model, e.g. "sklearn"; shown in /metadata.
    type: str = "generic"
    #: JSON Schema of ONE input row and ONE prediction, used by /openapi.json.
    #: An empty schema documents "any JSON value".
    input_schema: ClassVar[dict[str, Any]] = {}
    output_schema: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        self.model: Any = None

    def load_model(self, path: Path) -> None:
        """Load the trained artifact into `self.model`.

        The default unpickles the file. The service verifies the file's SHA-256
        digest before calling this, overridden or not, because unpickling runs
        arbitrary code.
        """
        with open(path, "rb") as file:
            self.model = pickle.load(file)

    @abc.abstractmethod
    def predict(self, inputs: list[Any]) -> list[Any]:
        """Predict a batch: one JSON-able prediction per input row, in order.

        Raise `InvalidInput` for rows the model cannot take: its message is the
        client's answer (HTTP 422). Any other ValueError is a 422 too, with a
        generic message: a library's text goes to the log, not to the client.
        """

    def predict_batch(self, inputs: list[Any]) -> Batch:
        """`predict` as the service calls it, which may return the batch in columns instead (`Classifier`)."""
        return self.predict(inputs)

    def example_input(self) -> list[Any]:
        """A small valid batch: used for the warm-up prediction and the API docs."""
        raise NotImplementedError(
            f"{type(self).__name__}.example_input() is not implemented; "
            "return a small valid batch so the service can warm up"
        )


@dataclass(frozen=True)
class TrainReport:
    """What `train.train()` returns: where the model went and how good it is."""

    path: Path
    digest: str
    accuracy: float
    train_rows: int
    test_rows: int


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def numeric_rows(
    inputs: Sequence[Any], feature_names: Sequence[str], max_magnitude: float = sys.float_info.max
) -> list[list[float]]:
    """Check that every row is a list of finite numbers, one per feature.

    `max_magnitude` is the largest absolute value the model's number type holds
    (`np.finfo(np.float32).max` for a model computing in float32): beyond it a value would
    become infinity inside the model. Returns the rows as floats; raises
    InvalidInput naming the first bad row.
    """
    width = len(feature_names)
    expected = f"a list of {width} numbers ({', '.join(feature_names)})"
    rows = []
    for index, row in enumerate(inputs):
        if not isinstance(row, list) or len(row) != width:
            shape = f"{len(row)} values" if isinstance(row, list) else f"a {json_type(row)}"
            raise InvalidInput(f"inputs[{index}] must be {expected}, got {shape}")
        values = []
        for value in row:
            # bool is an int subclass; true/false is never a measurement.
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidInput(f"inputs[{index}] must be {expected}, got a {json_type(value)}")
            try:
                number = float(value)  # a JSON integer may be too large for any float
            except OverflowError:
                number = math.inf
            if not abs(number) <= max_magnitude:  # also catches NaN
                raise InvalidInput(
                    f"inputs[{index}] must contain finite numbers of magnitude "
                    f"at most {max_magnitude:.4g}, the limit of the model's number type"
                )
            values.append(number)
        rows.append(values)
    return rows


_NUMBERS = frozenset((int, float))


def numeric_array(
    inputs: Sequence[Any], feature_names: Sequence[str], dtype: Any, max_magnitude: float = sys.float_info.max
) -> Any:
    """`numeric_rows` as a NumPy array of `dtype`, for the models that compute with NumPy.

    Rows of plain numbers are checked and converted in C, several times faster than row by row;
    anything else (a boolean, a string, a short row, a number beyond `max_magnitude`) takes
    `numeric_rows`'s way, which raises InvalidInput naming the first bad row.
    """
    import numpy as np  # type: ignore[import-not-found, unused-ignore]  # here: the generic model needs no NumPy

    width = len(feature_names)
    # The checks as passes in C over the rows, then over their values flattened: NumPy converts
    # a flat list in about half the time of a nested one.
    if set(map(type, inputs)) == {list} and set(map(len, inputs)) == {width}:
        values = list(itertools.chain.from_iterable(inputs))
        if _NUMBERS.issuperset(map(type, values)):
            try:
                array = np.array(values, dtype=np.float64).reshape(len(inputs), width)
            except OverflowError:  # an integer beyond any float
                array = None
            # NaN fails the comparison too, and goes the slow way.
            if array is not None and array.size and np.abs(array).max() <= max_magnitude:
                return array.astype(dtype, copy=False)
    return np.asarray(numeric_rows(inputs, feature_names, max_magnitude), dtype=dtype)


def numeric_row_schema(feature_names: Sequence[str]) -> dict[str, Any]:
    """JSON Schema matching what `numeric_rows` accepts."""
    return {
        "type": "array",
        "description": "Feature values, in order: " + ", ".join(feature_names),
        "items": {"type": "number"},
        "minItems": len(feature_names),
        "maxItems": len(feature_names),
    }


# Kernels sum in a different order for different batch sizes, so a row's
# probabilities can differ in the last bits depending on what it was batched
# with. Rounding hides float64's differences; float32's reach the 7th digit,
# so a model computing in float32 has to predict row by row as well.
PROBABILITY_DECIMALS = 6

#: JSON Schema of one prediction made by `classifications`.
CLASSIFICATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["label", "probabilities"],
    "properties": {
        "label": {"type": "string", "description": "The most probable class."},
        "probabilities": {
            "type": "object",
            "description": f"Probability of each class, rounded to {PROBABILITY_DECIMALS} decimals.",
            "additionalProperties": {"type": "number"},
        },
    },
}


class Classified:
    """A batch's classifications as columns: each row's label, and its class probabilities as one
    float64 array of shape (rows, classes), rounded to PROBABILITY_DECIMALS, columns in `classes` order.

    The service carries a Classifier's predictions this way, from one batched call to each request:
    the Open Inference Protocol sends the columns as they are, /predict makes one dict per row.
    """

    __slots__ = ("classes", "labels", "probabilities")

    def __init__(self, classes: Sequence[str], labels: list[str], probabilities: Any) -> None:
        self.classes, self.labels, self.probabilities = classes, labels, probabilities

    @classmethod
    def of(cls, probabilities: Any, classes: Sequence[str]) -> Classified:
        """Classify rows of class probabilities (an array, or an iterable of rows of numbers), with
        NumPy, which every classifying model type has; the label is the most probable class before
        rounding (the first one on a tie, as argmax picks it)."""
        import numpy as np  # type: ignore[import-not-found, unused-ignore]  # here: the generic model needs no NumPy

        # float64, so that float32 rounds as it prints.
        array = np.asarray(probabilities if hasattr(probabilities, "shape") else list(probabilities), np.float64)
        if not len(array):
            array = array.reshape(0, len(classes))
        if array.ndim != 2 or array.shape[1] != len(classes):
            raise ValueError(f"{array.shape[-1] if array.ndim else 0} probability columns for {len(classes)} classes")
        labels = [classes[best] for best in array.argmax(axis=1).tolist()]
        return cls(classes, labels, array.round(PROBABILITY_DECIMALS))

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, rows: slice) -> Classified:
        return Classified(self.classes, self.labels[rows], self.probabilities[rows])

    def rows(self) -> list[dict[str, Any]]:
        """One `{"label", "probabilities"}` per row, in plain floats."""
        tables = map(dict, map(zip, itertools.repeat(self.classes), self.probabilities.tolist()))
        return [{"label": label, "probabilities": table} for label, table in zip(self.labels, tables, strict=True)]


def classifications(probabilities: Any, classes: Sequence[str]) -> list[dict[str, Any]]:
    """One `{"label", "probabilities"}` per row of class probabilities, columns in `classes` order (`Classified`)."""
    return Classified.of(probabilities, classes).rows()


#: What a model's batch of predictions travels as inside the service: a list, or a Classifier's columns.
Batch = list[Any] | Classified


def is_batch(value: Any, rows: int) -> bool:
    """Whether `value` is a Batch holding one prediction for each of `rows` rows."""
    return isinstance(value, (list, Classified)) and len(value) == rows


def prediction_rows(batch: Batch) -> list[Any]:
    """A batch's predictions, one per row, as `LeoModel.predict` returns them."""
    return batch.rows() if isinstance(batch, Classified) else batch


class Classifier(LeoModel):
    """A LeoModel whose predictions are `classifications`: implement `probabilities` and set `classes`.

    The service asks `predict_batch` for a whole batch at once and gets columns back, which it
    hands out to the batch's requests without making a dict per row where none is sent.
    """

    output_schema: ClassVar[dict[str, Any]] = CLASSIFICATION_SCHEMA
    #: The class names, in the order of `probabilities`' columns.
    classes: Sequence[str] = ()

    @abc.abstractmethod
    def probabilities(self, inputs: list[Any]) -> Any:
        """Each input row's class probabilities, columns in `classes` order: an array of shape
        (rows, classes), or rows of numbers. Raise `InvalidInput` as `predict` would."""

    def classify(self, inputs: list[Any]) -> Classified:
        return Classified.of(self.probabilities(inputs), self.classes)

    def predict(self, inputs: list[Any]) -> list[dict[str, Any]]:
        return self.classify(inputs).rows()

    def predict_batch(self, inputs: list[Any]) -> Batch:
        if type(self).predict is not Classifier.predict:  # a subclass's own predict is what it serves
            return self.predict(inputs)
        return self.classify(inputs)
