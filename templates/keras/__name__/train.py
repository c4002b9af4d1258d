"""Train the example model: a small network on the Iris data shipped in the package.

Full-batch Adam from a fixed seed: the same weights every time. (Not the same
file: Keras stamps the save time into it.)
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np

from . import artifacts
from .example_data import load_iris, stratified_split
from .interface import TrainReport
from .model import CLASSES, FEATURE_NAMES, keras  # keras via model.py: it sets TensorFlow up first

SEED = 42
EPOCHS = 200
LEARNING_RATE = 0.05


def archive(model: keras.Model) -> bytes:
    """The model in the native Keras format, as bytes: Keras saves only to a path ending in .keras."""
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        # TensorFlow's variables predate NumPy 2's copy keyword, which NumPy warns about when saving.
        warnings.filterwarnings("ignore", "__array__ implementation doesn't accept a copy keyword", DeprecationWarning)
        path = Path(folder) / "model.keras"
        model.save(path)
        return path.read_bytes()


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)
    x = np.asarray(rows, dtype=np.float32)
    y = np.asarray([CLASSES.index(label) for label in labels])

    keras.utils.set_random_seed(SEED)
    network = keras.Sequential(
        [
            keras.Input(shape=(len(FEATURE_NAMES),), name="features"),
            keras.layers.Dense(16, activation="relu", name="hidden"),
            keras.layers.Dense(len(CLASSES), activation="softmax", name="probabilities"),
        ],
        name="classifier",
    )
    network.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    network.fit(x[fit], y[fit], epochs=EPOCHS, batch_size=len(fit), shuffle=False, verbose=0)
    accuracy = float(network.evaluate(x[test], y[test], verbose=0, return_dict=True)["accuracy"])

    digest = artifacts.save_bytes(archive(network), output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
