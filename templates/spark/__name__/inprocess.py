"""A fitted PipelineModel evaluated in this process, with numpy: no JVM, no Spark job per request.

`export(pipeline)` reads the fitted parameters of each stage into a plain JSON
document (no pickle: nothing in it runs code) at train time; `Pipeline` computes
the same columns from it. Supported stages, in any order and number:

    VectorAssembler          numeric input columns (not vectors)
    StandardScalerModel      withMean / withStd
    MinMaxScalerModel
    LogisticRegressionModel  binomial (with its threshold) or multinomial (no `thresholds`)
    IndexToString

A pipeline with any other stage raises `Unsupported`: it is then served by
Spark itself (model.py logs why). Training checks that the export computes the
PipelineModel's own predictions on the held-out rows before saving it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

FORMAT = 1


class Unsupported(ValueError):
    """The pipeline holds a stage (or a setting) this module cannot evaluate."""


def _vector_assembler(stage: Any) -> dict[str, Any]:
    return {"inputCols": list(stage.getInputCols()), "outputCol": stage.getOutputCol()}


def _standard_scaler(stage: Any) -> dict[str, Any]:
    return {
        "inputCol": stage.getInputCol(),
        "outputCol": stage.getOutputCol(),
        "withMean": bool(stage.getWithMean()),
        "withStd": bool(stage.getWithStd()),
        "mean": stage.mean.toArray().tolist(),
        "std": stage.std.toArray().tolist(),
    }


def _min_max_scaler(stage: Any) -> dict[str, Any]:
    return {
        "inputCol": stage.getInputCol(),
        "outputCol": stage.getOutputCol(),
        "min": stage.getMin(),
        "max": stage.getMax(),
        "originalMin": stage.originalMin.toArray().tolist(),
        "originalMax": stage.originalMax.toArray().tolist(),
    }


def _logistic_regression(stage: Any) -> dict[str, Any]:
    if stage.isSet("thresholds") and len(stage.getThresholds()) > 2:
        raise Unsupported("LogisticRegressionModel with per-class thresholds")
    return {
        "featuresCol": stage.getFeaturesCol(),
        "predictionCol": stage.getPredictionCol(),
        "probabilityCol": stage.getProbabilityCol(),
        "rawPredictionCol": stage.getRawPredictionCol(),
        "coefficients": stage.coefficientMatrix.toArray().tolist(),
        "intercepts": stage.interceptVector.toArray().tolist(),
        "threshold": float(stage.getThreshold()),
    }


def _index_to_string(stage: Any) -> dict[str, Any]:
    return {"inputCol": stage.getInputCol(), "outputCol": stage.getOutputCol(), "labels": list(stage.getLabels())}


_EXPORTERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "VectorAssembler": _vector_assembler,
    "StandardScalerModel": _standard_scaler,
    "MinMaxScalerModel": _min_max_scaler,
    "LogisticRegressionModel": _logistic_regression,
    "IndexToString": _index_to_string,
}


def export(pipeline: Any, inputs: Sequence[str]) -> bytes:
    """The fitted stages of a PipelineModel as JSON; raise Unsupported for a stage it cannot evaluate."""
    stages = []
    for stage in pipeline.stages:
        kind = type(stage).__name__
        if kind not in _EXPORTERS:
            raise Unsupported(f"stage {kind} (supported: {', '.join(_EXPORTERS)})")
        stages.append({"stage": kind, **_EXPORTERS[kind](stage)})
    return json.dumps({"format": FORMAT, "inputs": list(inputs), "stages": stages}).encode()


Columns = dict[str, np.ndarray]


def _assemble(stage: Mapping[str, Any], columns: Columns) -> None:
    columns[stage["outputCol"]] = np.column_stack([columns[name] for name in stage["inputCols"]])


def _standardise(stage: Mapping[str, Any], columns: Columns) -> None:
    values = columns[stage["inputCol"]]
    if stage["withMean"]:
        values = values - np.asarray(stage["mean"])
    if stage["withStd"]:
        std = np.asarray(stage["std"])
        # As Spark: times the inverse of the deviation, and a constant feature (deviation 0) becomes 0.
        values = values * np.divide(1.0, std, out=np.zeros_like(std), where=std != 0)
    columns[stage["outputCol"]] = values


def _rescale(stage: Mapping[str, Any], columns: Columns) -> None:
    low, high = np.asarray(stage["originalMin"]), np.asarray(stage["originalMax"])
    scale, span = stage["max"] - stage["min"], high - low
    factor = np.divide(scale, span, out=np.zeros_like(span), where=span != 0)
    values = (columns[stage["inputCol"]] - low) * factor + stage["min"]
    # As Spark: a constant feature goes to the middle of the range.
    columns[stage["outputCol"]] = np.where(span != 0, values, 0.5 * scale + stage["min"])


def _classify(stage: Mapping[str, Any], columns: Columns) -> None:
    coefficients = np.asarray(stage["coefficients"])
    margins = columns[stage["featuresCol"]] @ coefficients.T + np.asarray(stage["intercepts"])
    if coefficients.shape[0] == 1:  # binomial: one margin m, raw prediction [-m, m]
        margin = margins[:, 0]
        negative = 1.0 / (1.0 + np.exp(margin))
        probability = np.column_stack([negative, 1.0 - negative])
        prediction = (probability[:, 1] > stage["threshold"]).astype(float)
        raw = np.column_stack([-margin, margin])
    else:
        # As Spark: the largest margin is subtracted only when positive, and the sum's inverse multiplies.
        largest = margins.max(axis=1, keepdims=True)
        exps = np.exp(margins - np.where(largest > 0, largest, 0.0))
        probability = exps * (1.0 / exps.sum(axis=1, keepdims=True))
        prediction = margins.argmax(axis=1).astype(float)
        raw = margins
    columns[stage["rawPredictionCol"]] = raw
    columns[stage["probabilityCol"]] = probability
    columns[stage["predictionCol"]] = prediction


def _label(stage: Mapping[str, Any], columns: Columns) -> None:
    labels = np.asarray(stage["labels"], dtype=object)
    columns[stage["outputCol"]] = labels[columns[stage["inputCol"]].astype(int)]


_EVALUATORS: dict[str, Callable[[Mapping[str, Any], Columns], None]] = {
    "VectorAssembler": _assemble,
    "StandardScalerModel": _standardise,
    "MinMaxScalerModel": _rescale,
    "LogisticRegressionModel": _classify,
    "IndexToString": _label,
}


class Pipeline:
    """An exported PipelineModel: `transform(rows)` returns every column the stages write."""

    def __init__(self, document: bytes) -> None:
        spec = json.loads(document)
        if spec.get("format") != FORMAT:
            raise ValueError(f"in-process pipeline format {spec.get('format')!r}; this code reads {FORMAT}")
        unknown = [stage["stage"] for stage in spec["stages"] if stage["stage"] not in _EVALUATORS]
        if unknown:
            raise ValueError(f"in-process pipeline holds stages this code cannot evaluate: {', '.join(unknown)}")
        self.inputs: list[str] = spec["inputs"]
        self.stages: list[dict[str, Any]] = spec["stages"]

    def transform(self, rows: Sequence[Sequence[float]]) -> Columns:
        matrix = np.asarray(rows, dtype=float).reshape(len(rows), len(self.inputs))
        columns: Columns = {name: matrix[:, index] for index, name in enumerate(self.inputs)}
        # Extreme inputs overflow to inf or nan, as they do in Spark's own arithmetic: the service
        # answers a prediction that is not finite with a 422, so the warning would only be noise.
        with np.errstate(over="ignore", invalid="ignore"):
            for stage in self.stages:
                _EVALUATORS[stage["stage"]](stage, columns)
        return columns
