"""Train the example model: a scikit-learn pipeline on the Iris data set.

`load_iris` reads data that ships inside scikit-learn: no download. The split
and the solver are deterministic, so the same model comes out every time.
"""

from __future__ import annotations

from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from . import artifacts
from .interface import TrainReport

TEST_FRACTION = 0.2
SEED = 42


def train(output: Path) -> TrainReport:
    iris = load_iris()
    # Train on the species names, so the model itself predicts readable labels.
    labels = iris.target_names[iris.target]
    x_fit, x_test, y_fit, y_test = train_test_split(
        iris.data, labels, test_size=TEST_FRACTION, stratify=labels, random_state=SEED
    )

    pipeline = Pipeline(
        [
            ("scale", StandardScaler()),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    )
    pipeline.fit(x_fit, y_fit)
    accuracy = float(pipeline.score(x_test, y_test))

    digest = artifacts.save_pickle(pipeline, output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(x_fit), test_rows=len(x_test))
