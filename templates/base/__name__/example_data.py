"""The example data: Iris, shipped in the package, so that training needs no download.

Iris (Fisher, 1936; UCI Machine Learning Repository, CC BY 4.0): 150 flowers,
4 measurements in cm, 3 species. The split is deterministic: the same rows
are held out every time, whatever library trains on them.
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from importlib import resources

TEST_FRACTION = 0.2
SEED = 42


def load_iris() -> tuple[list[list[float]], list[str]]:
    """The measurements, one row of 4 floats per flower, and each flower's species."""
    text = resources.files(__package__).joinpath("data/iris.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    next(reader)  # header
    rows, labels = [], []
    for *features, species in reader:
        rows.append([float(value) for value in features])
        labels.append(species)
    return rows, labels


def stratified_split(labels: list[str]) -> tuple[list[int], list[int]]:
    """Hold out TEST_FRACTION of each class, so both parts keep the class balance."""
    by_class: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_class[label].append(index)
    rng = random.Random(SEED)
    fit, test = [], []
    for label in sorted(by_class):
        indices = by_class[label]
        rng.shuffle(indices)
        cut = round(len(indices) * TEST_FRACTION)
        test += indices[:cut]
        fit += indices[cut:]
    return fit, test
