"""Train the example model and export it to ONNX.

A scikit-learn pipeline (scaler + logistic regression) on the Iris data shipped
in the package, converted by skl2onnx. Both are needed only here
(requirements-train.txt): the service runs the ONNX file with ONNX Runtime
alone. Deterministic: the same split, solver and graph every time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from skl2onnx import to_onnx
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from . import artifacts
from .example_data import load_iris, stratified_split
from .interface import TrainReport
from .model import CLASSES


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)
    # float32: the graph's input type, the one ONNX Runtime's kernels are fastest on.
    x = np.asarray(rows, dtype=np.float32)
    y = np.asarray([CLASSES.index(label) for label in labels])

    pipeline = Pipeline(
        [
            ("scale", StandardScaler()),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    )
    pipeline.fit(x[fit], y[fit])
    accuracy = float(pipeline.score(x[test], y[test]))

    # zipmap off: the probabilities come out as a [batch, classes] tensor, not a list of maps.
    graph = to_onnx(pipeline, x[:1], options={"zipmap": False})
    digest = artifacts.save_bytes(graph.SerializeToString(), output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
