"""Typed tensors of the Open Inference Protocol (V2), derived from the Leo interface.

The model's row and prediction schemas (`input_schema`, `output_schema` in model.py) decide
its tensors, so they follow the model when you adapt it:

- its one input, `inputs`, holds a batch of rows. Rows of N numbers (`numeric_row_schema`)
  are a [-1, N] tensor: FP64, or any other integer or float datatype, whose values are
  checked against it (integers only for rows of integers). A string row is one BYTES element;
  any other row is a BYTES element holding the row as JSON text.
- a prediction that is an object gives one output per required property, anything else one
  output, `predictions`: a string is BYTES, a number FP64, an integer INT64, a boolean BOOL,
  an object of numbers (a classifier's `probabilities`) an FP64 [-1, classes] tensor whose
  columns follow the warm-up prediction's keys (the model metadata names them in the
  output's `labels` parameter), an array of numbers an FP64 [-1, width] tensor, and any
  other value a BYTES element of JSON text.

Nothing here knows HTTP: `inference_protocol.py` serves these tensors.
"""

from __future__ import annotations

import itertools
import json
import math
import struct
from array import array
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from .interface import Batch, Classified, LeoModel, json_type, prediction_rows

INPUT = "inputs"
WHOLE = "predictions"

#: The array typecode that checks each integer datatype's values and range.
INTEGERS = {
    "INT8": "b",
    "INT16": "h",
    "INT32": "i",
    "INT64": "q",
    "UINT8": "B",
    "UINT16": "H",
    "UINT32": "I",
    "UINT64": "Q",
}
FLOATS = ("FP16", "FP32", "FP64")
#: Every datatype a JSON tensor can carry (BF16 travels only as binary data).
DATATYPES = (*FLOATS, *INTEGERS, "BOOL", "BYTES")
_SCALARS = {"string": "BYTES", "number": "FP64", "integer": "INT64", "boolean": "BOOL"}
#: The Python values each scalar output's datatype holds.
_SCALAR_VALUES: dict[str, tuple[type, ...]] = {"BYTES": (str,), "FP64": (int, float), "INT64": (int,), "BOOL": (bool,)}
_NUMBERS = frozenset((int, float))


class TensorError(ValueError):
    """A tensor the request got wrong; the message names it and says what was expected (HTTP 400)."""


@dataclass(frozen=True)
class Tensor:
    """One tensor the model takes or gives."""

    name: str
    datatype: str
    #: -1 is a dimension of any size (the batch, always first).
    shape: tuple[int, ...]
    #: How rows or predictions map to elements: numbers, text, json, scalar, columns, vector.
    kind: str
    #: The prediction's property this output holds; None for the whole prediction.
    key: str | None = None
    #: The names of a `columns` output's columns.
    labels: tuple[str, ...] = ()

    def metadata(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "datatype": self.datatype, "shape": list(self.shape)}
        if self.labels:
            # A parameter's value is a string, number or boolean: the list travels as JSON text.
            described["parameters"] = {"labels": json.dumps(self.labels)}
        return described


def _numeric(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") in ("number", "integer")


def input_tensor(model: LeoModel) -> Tensor:
    schema = model.input_schema
    if schema.get("type") == "array" and _numeric(schema.get("items")):
        low, high = schema.get("minItems"), schema.get("maxItems")
        width = high if isinstance(high, int) and low == high else -1
        datatype = "FP64" if schema["items"]["type"] == "number" else "INT64"
        return Tensor(INPUT, datatype, (-1, width), "numbers")
    return Tensor(INPUT, "BYTES", (-1,), "text" if schema.get("type") == "string" else "json")


def output_tensors(model: LeoModel, example_output: list[Any] | None) -> tuple[Tensor, ...]:
    """`example_output` (the warm-up predictions, None before) names the columns of object outputs."""
    schema = model.output_schema
    examples = example_output or []
    required = schema.get("required") if schema.get("type") == "object" else None
    properties = schema.get("properties") or {}
    if required and all(key in properties for key in required):
        return tuple(
            _output(key, properties[key], key, [p.get(key) for p in examples if isinstance(p, dict)])
            for key in required
        )
    return (_output(WHOLE, schema, None, examples),)


def _output(name: str, schema: dict[str, Any], key: str | None, examples: list[Any]) -> Tensor:
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _SCALARS:
        return Tensor(name, _SCALARS[kind], (-1,), "scalar", key)
    if kind == "object" and _numeric(schema.get("additionalProperties")):
        labels = tuple(examples[0]) if examples and isinstance(examples[0], dict) else ()
        return Tensor(name, "FP64", (-1, len(labels) or -1), "columns", key, labels)
    if kind == "array" and _numeric(schema.get("items")):
        low, high = schema.get("minItems"), schema.get("maxItems")
        return Tensor(name, "FP64", (-1, high if isinstance(high, int) and low == high else -1), "vector", key)
    return Tensor(name, "BYTES", (-1,), "json", key)


# Inputs: a request's tensor to the model's rows


def shown(value: Any, limit: int = 60) -> str:
    """A client's value quoted for a message, cut short: it may be anything, of any size."""
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def rows(spec: Tensor, datatype: str, shape: list[int], data: list[Any]) -> list[Any]:
    """The model's rows from a request's tensor, checked against `spec`; TensorError says what is wrong.

    `shape` is a list of non-negative integers and `data` a list (the caller checked both).
    """
    name = repr(spec.name)
    if len(shape) != len(spec.shape) or any(want not in (-1, got) for want, got in zip(spec.shape, shape, strict=True)):
        expected = ", ".join(str(d) for d in spec.shape)
        raise TensorError(f"input {name} has shape {shown(shape)}; the model takes [{expected}]")
    if 0 in shape:
        raise TensorError(f"input {name} has shape {shown(shape)}: it holds no rows to predict")
    values = _flatten(data, shape, name)
    if spec.kind == "numbers":
        numbers = _numbers(values, datatype, spec.datatype, name)
        width = shape[1]
        return [numbers[start : start + width] for start in range(0, len(numbers), width)]
    if datatype != "BYTES":
        raise TensorError(f"input {name} has datatype {shown(datatype)}; the model takes BYTES")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise TensorError(f"input {name}: BYTES element {index} must be a string, got a {json_type(value)}")
    return values if spec.kind == "text" else [_json_row(value, index, name) for index, value in enumerate(values)]


def _flatten(data: list[Any], shape: list[int], name: str) -> list[Any]:
    """The elements in row-major order: `data` is flat, or nested exactly as `shape`."""
    count = math.prod(shape)
    if not data or not isinstance(data[0], list):
        if len(data) != count:
            raise TensorError(f"input {name} has {len(data)} values; its shape {shown(shape)} holds {shown(count)}")
        return data  # an array among them fails its datatype's check
    flat: list[Any] = []

    def walk(node: Any, depth: int) -> None:
        if not isinstance(node, list) or len(node) != shape[depth]:
            raise TensorError(
                f"input {name}: nested data must match its shape {shown(shape)} "
                f"(at depth {depth}, {shape[depth]} items)"
            )
        if depth == len(shape) - 1:
            flat.extend(node)
        else:
            for child in node:
                walk(child, depth + 1)

    walk(data, 0)  # the shape's rank is the model's (checked), so the depth is small
    return flat


def _numbers(values: list[Any], datatype: str, declared: str, name: str) -> list[Any]:
    """The values as `datatype` holds them (FP32 rounds to float32, INT8 stays within -128..127...)."""
    integers_only = declared in INTEGERS
    accepted = tuple(INTEGERS) if integers_only else (*FLOATS, *INTEGERS)
    if datatype not in accepted:
        raise TensorError(
            f"input {name} has datatype {shown(datatype)}; the model takes {declared} "
            f"(or {', '.join(d for d in accepted if d != declared)})"
        )
    # One pass in C over the types: bool is an int subclass, and never a measurement.
    allowed = {int} if datatype in INTEGERS else {int, float}
    types = set(map(type, values))
    if not types <= allowed:
        index, value = next((i, v) for i, v in enumerate(values) if type(v) not in allowed)
        what = "integers" if datatype in INTEGERS else "numbers"
        raise TensorError(f"input {name}: {datatype} data must be {what}; element {index} is a {json_type(value)}")
    held: list[Any]
    try:
        if datatype == "FP64" and types == {float}:
            held = values  # already what FP64 holds: no copy
        elif datatype == "FP16":
            held = list(struct.unpack(f"{len(values)}e", struct.pack(f"{len(values)}e", *values)))
        else:
            held = array(INTEGERS.get(datatype) or ("f" if datatype == "FP32" else "d"), values).tolist()
    except (OverflowError, struct.error):  # struct's error: an integer beyond FP16
        raise TensorError(f"input {name}: a value is beyond the range of {datatype}") from None
    # Beyond float32's range array() gives infinity; JSON's 1e400 is parsed as infinity.
    if datatype in FLOATS and not all(map(math.isfinite, held)):
        raise TensorError(f"input {name}: {datatype} data must be finite numbers within the datatype's range")
    return held


def _json_row(text: str, index: int, name: str) -> Any:
    # Strict as service.loads, which cannot be imported here: service imports openapi, which imports this.
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise TensorError(f"input {name}: BYTES element {index} must be one row as JSON text") from None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def input_example(spec: Tensor, batch: list[Any]) -> dict[str, Any]:
    """The request tensor that carries these rows: the inverse of `rows`."""
    if spec.kind == "numbers":
        data = [value for row in batch for value in row]
        return {"name": spec.name, "datatype": spec.datatype, "shape": [len(batch), len(batch[0])], "data": data}
    data = batch if spec.kind == "text" else [json.dumps(row) for row in batch]
    return {"name": spec.name, "datatype": "BYTES", "shape": [len(batch)], "data": data}


# Outputs: the model's predictions to response tensors


def output(spec: Tensor, predictions: Batch, classification: int = 0) -> dict[str, Any]:
    """The response tensor of `spec` for these predictions; with `classification` k (Triton's
    classification extension), the k most probable columns of each row as "value:index:label".

    A Classifier's batch (`Classified`) gives its columns as they are, with no dict per row.
    A prediction that breaks the model's own output_schema is a TypeError: the server's fault;
    one that is not finite is a ValueError, when the text of a classification would hide it.
    """
    if isinstance(predictions, Classified) and spec.key == "label":
        values: list[Any] = predictions.labels
    elif (
        isinstance(predictions, Classified)
        and spec.key == "probabilities"
        and spec.labels == tuple(predictions.classes)
    ):
        matrix = predictions.probabilities
        if classification:
            return _classified(spec, matrix.tolist(), min(classification, len(spec.labels)))
        return {
            "name": spec.name,
            "datatype": spec.datatype,
            "shape": list(matrix.shape),
            "data": matrix.ravel().tolist(),
        }
    else:
        rows = prediction_rows(predictions)
        values = rows if spec.key is None else _fields(rows, spec.key)
    if spec.kind == "scalar":
        check = _SCALAR_VALUES[spec.datatype]
        # The types in one pass in C; a subclass (or a wrong value) takes the check value by value.
        if not set(map(type, values)) <= set(check) and any(
            not isinstance(v, check) or (spec.datatype != "BOOL" and isinstance(v, bool)) for v in values
        ):
            raise TypeError(f"output {spec.name!r}: a prediction is not the {spec.datatype} its schema declares")
        data, shape = values, [len(values)]
    elif spec.kind == "json":
        data, shape = [json.dumps(v) for v in values], [len(values)]
    else:
        matrix = _matrix(values, spec)
        width = len(matrix[0]) if matrix else 0
        if len(set(map(len, matrix))) > 1:
            raise TypeError(f"output {spec.name!r}: the predictions' rows differ in length")
        if classification:
            return _classified(spec, matrix, min(classification, width))
        data, shape = list(itertools.chain.from_iterable(matrix)), [len(matrix), width]
    return {"name": spec.name, "datatype": spec.datatype, "shape": shape, "data": data}


# The fast paths below take a batch in C when every prediction is a plain dict or list of plain
# numbers, as the model classes make them; anything else goes value by value, which names what is wrong.


def _fields(predictions: list[Any], key: str) -> list[Any]:
    if set(map(type, predictions)) <= {dict}:
        try:
            return list(map(itemgetter(key), predictions))
        except KeyError:
            pass
    return [_field(p, key) for p in predictions]


def _matrix(values: list[Any], spec: Tensor) -> list[Any]:
    """The rows of numbers of a columns or vector output, each in the order of its columns."""
    types = set(map(type, values))
    matrix: list[Any] | None = None
    if spec.kind == "columns" and len(spec.labels) > 1 and types <= {dict}:
        # A dict with all the labels and no other key.
        if set(map(len, values)) <= {len(spec.labels)}:
            try:
                matrix = list(map(itemgetter(*spec.labels), values))
            except KeyError:
                pass
    elif spec.kind == "vector" and types <= {list}:
        matrix = values
    if matrix is not None and _NUMBERS.issuperset(map(type, itertools.chain.from_iterable(matrix))):
        return matrix
    return [_columns(v, spec) for v in values]


def _field(prediction: Any, key: str) -> Any:
    if not isinstance(prediction, dict) or key not in prediction:
        raise TypeError(f"a prediction has no {key!r}, which the model's output_schema requires")
    return prediction[key]


def _columns(value: Any, spec: Tensor) -> list[Any]:
    if spec.kind == "columns":
        if not isinstance(value, dict) or len(value) != len(spec.labels):
            raise TypeError(f"output {spec.name!r}: a prediction's keys are not {list(spec.labels)}")
        try:
            row = [value[label] for label in spec.labels]
        except KeyError:
            raise TypeError(f"output {spec.name!r}: a prediction's keys are not {list(spec.labels)}") from None
    elif isinstance(value, list):
        row = value
    else:
        raise TypeError(f"output {spec.name!r}: a prediction is not an array of numbers")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in row):
        raise TypeError(f"output {spec.name!r}: a prediction holds a value that is not a number")
    return row


def _classified(spec: Tensor, matrix: list[list[Any]], top: int) -> dict[str, Any]:
    if not all(math.isfinite(value) for row in matrix for value in row):
        raise ValueError("a prediction is not a finite number")  # as json.dumps would refuse it
    data = []
    for row in matrix:
        # Most probable first; a tie keeps the columns' order.
        for index in sorted(range(len(row)), key=lambda i: -row[i])[:top]:
            label = f":{spec.labels[index]}" if spec.labels else ""
            data.append(f"{row[index]}:{index}{label}")
    return {"name": spec.name, "datatype": "BYTES", "shape": [len(matrix), top], "data": data}
