"""Train the example model: boosted trees on the Iris data shipped in the package.

One thread, a fixed seed and LightGBM's deterministic mode: the same trees, and
the same file, every time.
"""

from __future__ import annotations

from pathlib import Path

import lightgbm as lgb
import numpy as np

from . import artifacts
from .example_data import load_iris, stratified_split
from .interface import TrainReport
from .model import CLASSES, FEATURE_NAMES

PARAMS = {
    "objective": "multiclass",
    "num_class": len(CLASSES),
    "num_leaves": 8,
    "min_data_in_leaf": 5,
    "learning_rate": 0.1,
    "seed": 42,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 50


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray([CLASSES.index(label) for label in labels])

    booster = lgb.train(
        PARAMS, lgb.Dataset(x[fit], label=y[fit], feature_name=list(FEATURE_NAMES)), num_boost_round=ROUNDS
    )
    accuracy = float((np.asarray(booster.predict(x[test])).argmax(axis=1) == y[test]).mean())

    digest = artifacts.save_bytes(booster.model_to_string().encode("utf-8"), output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
