"""Train the example model: a Spark ML Pipeline on the training data (data.py).

The species is indexed first; the Pipeline assembles the measurements into a
feature vector, fits a multinomial logistic regression (which standardises the
features itself) and turns the predicted index back into the species name. A
seeded split holds out TEST_FRACTION of the rows, a
MulticlassClassificationEvaluator scores the fitted PipelineModel on them, and
the metric is printed by `train` and saved in the model archive (model.py).
The fitted stages are also exported for serving in-process (inprocess.py), once
that export is seen to compute the PipelineModel's own predictions on the
held-out rows; otherwise the API serves through Spark and `evaluation.json`
in the archive says why. With a cluster master (SPARK_MASTER), the model is
saved through a local temporary folder, which the executors must see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import IndexToString, StringIndexer, VectorAssembler
from pyspark.sql import DataFrame

from . import inprocess
from .data import training_data
from .features import FEATURES, LABEL, PREDICTED_LABEL, PROBABILITY
from .interface import TrainReport
from .model import save_archive

TEST_FRACTION = 0.2
SEED = 42
METRIC: Final = "accuracy"
#: How far the in-process probabilities may be from Spark's: summation order differs, nothing else.
TOLERANCE = 1e-9


def build_pipeline(classes: list[str]) -> Pipeline:
    """Features in, species out: the stages that are fitted and then served."""
    return Pipeline(
        stages=[
            VectorAssembler(inputCols=list(FEATURES), outputCol="features"),
            LogisticRegression(featuresCol="features", labelCol="label", family="multinomial", maxIter=100),
            IndexToString(inputCol="prediction", outputCol=PREDICTED_LABEL, labels=classes),
        ]
    )


def checked_export(model: PipelineModel, predicted: DataFrame) -> tuple[bytes | None, str]:
    """The in-process export of `model` if it predicts what `predicted` (its own transform) holds; and a note why."""
    try:
        document = inprocess.export(model, FEATURES)
    except inprocess.Unsupported as exc:
        return None, f"not exported: {exc}"
    rows = predicted.select(*FEATURES, PREDICTED_LABEL, PROBABILITY).collect()
    columns = inprocess.Pipeline(document).transform([[row[name] for name in FEATURES] for row in rows])
    expected = np.array([row[PROBABILITY].toArray() for row in rows]).reshape(columns[PROBABILITY].shape)
    difference = float(np.abs(columns[PROBABILITY] - expected).max(initial=0.0))
    if columns[PREDICTED_LABEL].tolist() != [row[PREDICTED_LABEL] for row in rows] or difference > TOLERANCE:
        return None, (
            f"not exported: it differs from PipelineModel.transform on the held-out rows "
            f"(largest probability difference {difference:.3g})"
        )
    return document, f"exported; equal to PipelineModel.transform on the {len(rows)} held-out rows"


def split(data: DataFrame) -> tuple[list[str], DataFrame, DataFrame]:
    """The classes, and the rows to fit on and to hold out (the same ones every time), labels indexed."""
    # Indexed outside the Pipeline: serving gets no label column to index.
    indexer = StringIndexer(inputCol=LABEL, outputCol="label", stringOrderType="alphabetAsc").fit(data)
    fit, test = indexer.transform(data).randomSplit([1 - TEST_FRACTION, TEST_FRACTION], seed=SEED)
    return list(indexer.labels), fit, test


def train(output: Path) -> TrainReport:
    classes, fit, test = split(training_data())
    model = build_pipeline(classes).fit(fit)
    evaluator = MulticlassClassificationEvaluator(labelCol="label", predictionCol="prediction", metricName=METRIC)
    predicted = model.transform(test).cache()
    value = evaluator.evaluate(predicted)
    exported, note = checked_export(model, predicted)

    train_rows, test_rows = fit.count(), test.count()
    evaluation = {
        "evaluator": type(evaluator).__name__,
        "metric": METRIC,
        "value": value,
        "train_rows": train_rows,
        "test_rows": test_rows,
        "inprocess": note,
    }
    digest = save_archive(model, evaluation, output, exported)
    return TrainReport(path=output, digest=digest, accuracy=value, train_rows=train_rows, test_rows=test_rows)
