"""Train the example model: a Spark ML Pipeline on the training data (data.py).

The species is indexed first; the Pipeline assembles the measurements into a
feature vector, fits a multinomial logistic regression (which standardises the
features itself) and turns the predicted index back into the species name. A
seeded split holds out TEST_FRACTION of the rows, a
MulticlassClassificationEvaluator scores the fitted PipelineModel on them, and
the metric is printed by `train` and saved in the model archive (model.py). With a cluster master (SPARK_MASTER), the
model is saved through a local temporary folder, which the executors must see.
"""

from __future__ import annotations

from pathlib import Path

from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import IndexToString, StringIndexer, VectorAssembler

from .data import FEATURES, LABEL, training_data
from .interface import TrainReport
from .model import PREDICTED_LABEL, save_archive

TEST_FRACTION = 0.2
SEED = 42
METRIC = "accuracy"


def build_pipeline(classes: list[str]) -> Pipeline:
    """Features in, species out: the stages that are fitted and then served."""
    return Pipeline(stages=[
        VectorAssembler(inputCols=list(FEATURES), outputCol="features"),
        LogisticRegression(featuresCol="features", labelCol="label", family="multinomial", maxIter=100),
        IndexToString(inputCol="prediction", outputCol=PREDICTED_LABEL, labels=classes),
    ])


def train(output: Path) -> TrainReport:
    data = training_data()
    # Indexed outside the Pipeline: serving gets no label column to index.
    indexer = StringIndexer(inputCol=LABEL, outputCol="label", stringOrderType="alphabetAsc").fit(data)
    fit, test = indexer.transform(data).randomSplit([1 - TEST_FRACTION, TEST_FRACTION], seed=SEED)

    model = build_pipeline(indexer.labels).fit(fit)
    evaluator = MulticlassClassificationEvaluator(labelCol="label", predictionCol="prediction", metricName=METRIC)
    value = evaluator.evaluate(model.transform(test))

    evaluation = {"evaluator": type(evaluator).__name__, "metric": METRIC, "value": value,
                  "train_rows": fit.count(), "test_rows": test.count()}
    digest = save_archive(model, evaluation, output)
    return TrainReport(path=output, digest=digest, accuracy=value,
                       train_rows=evaluation["train_rows"], test_rows=evaluation["test_rows"])
