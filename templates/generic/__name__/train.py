"""Train the example model on the Iris data shipped in the package (see example_data.py).

Deterministic: the same split and the same model every time.
"""

from __future__ import annotations

from pathlib import Path

from . import artifacts
from .example_data import load_iris, stratified_split
from .example_model import GaussianNaiveBayes
from .interface import TrainReport


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)

    model = GaussianNaiveBayes().fit([rows[i] for i in fit], [labels[i] for i in fit])
    predicted = model.predict([rows[i] for i in test])
    accuracy = sum(label == labels[i] for label, i in zip(predicted, test, strict=True)) / len(test)

    digest = artifacts.save_pickle(model, output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
