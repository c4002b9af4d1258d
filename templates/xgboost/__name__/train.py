"""Train the example model: boosted trees on the Iris data shipped in the package.

One thread and a fixed seed: the same trees, and the same file, every time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xgboost as xgb

from . import artifacts
from .example_data import load_iris, stratified_split
from .interface import TrainReport
from .model import CLASSES, FEATURE_NAMES

PARAMS = {
    "objective": "multi:softprob",
    "num_class": len(CLASSES),
    "max_depth": 3,
    "eta": 0.3,
    "seed": 42,
    "nthread": 1,
}
ROUNDS = 20


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)
    x = np.asarray(rows, dtype=np.float32)
    y = np.asarray([CLASSES.index(label) for label in labels])

    booster = xgb.train(
        PARAMS, xgb.DMatrix(x[fit], label=y[fit], feature_names=list(FEATURE_NAMES)), num_boost_round=ROUNDS
    )
    predicted = booster.predict(xgb.DMatrix(x[test], feature_names=list(FEATURE_NAMES))).argmax(axis=1)
    accuracy = float((predicted == y[test]).mean())

    digest = artifacts.save_bytes(bytes(booster.save_raw(raw_format="json")), output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
