"""The example model: a Gaussian naive Bayes classifier in plain Python.

It needs no ML library, so the generic-pickle project runs anywhere (it
predicts exactly what scikit-learn's GaussianNB would). It lives in its own
importable module because a pickle stores a class by its module path: whoever
unpickles the model (the API under gunicorn, the CLI, the tests) must be able
to import `<package>.example_model`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((value - mean) ** 2 for value in values) / len(values)


class GaussianNaiveBayes:
    """Each class: a prior and an independent normal distribution per feature."""

    def fit(self, rows: Sequence[Sequence[float]], labels: Sequence[str]) -> GaussianNaiveBayes:
        members: dict[str, list[Sequence[float]]] = defaultdict(list)
        for row, label in zip(rows, labels, strict=True):
            members[label].append(row)
        # A little variance for every feature keeps a constant one from dividing by zero.
        smoothing = 1e-9 * max(_variance(column) for column in zip(*rows, strict=True))
        self.classes = {}
        for label, group in sorted(members.items()):
            columns = list(zip(*group, strict=True))
            self.classes[label] = (
                math.log(len(group) / len(rows)),
                [sum(column) / len(column) for column in columns],
                [_variance(column) + smoothing for column in columns],
            )
        return self

    def _log_likelihood(self, row: Sequence[float], label: str) -> float:
        log_prior, means, variances = self.classes[label]
        return log_prior - 0.5 * sum(
            math.log(2 * math.pi * variance) + (value - mean) ** 2 / variance
            for value, mean, variance in zip(row, means, variances, strict=True)
        )

    def predict(self, rows: Sequence[Sequence[float]]) -> list[str]:
        return [max(self.classes, key=lambda label: self._log_likelihood(row, label)) for row in rows]
