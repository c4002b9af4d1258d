"""`score` on Spark: the same input, output and rejects as scoring.py, as one Spark job.

The input is read by Spark (CSV as text columns, numbers converted as the local
engine does; Parquet as it is), split so that every core gets a share, and
scored by `mapInPandas`: each Python worker verifies the model file's digest
and loads it once (the in-process pipeline: no JVM of its own), then predicts
Arrow batch after Arrow batch. A model archive without the in-process export
is scored by PipelineModel.transform instead. OUTPUT and the rejects file are
folders of part files, as Spark writes them (CSV with a header, or Parquet when
OUTPUT ends with .parquet).

Where it runs: --master, else SPARK_MASTER, else local[*] (every core here).
For a cluster, the model file and this package are shipped with the job
(SparkContext.addFile / addPyFile), and INPUT and OUTPUT must be paths every
executor can reach (a shared file system, HDFS, S3 with its connector). With
spark-submit:

    spark-submit --master spark://host:7077 <package>cli.py score INPUT OUTPUT
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import artifacts, scoring
from .commands import CommandError
from .config import Settings

#: The column carrying why a row was rejected; empty for a scored row.
REJECTED = "_rejected"
SOURCE = "_source"
CORRUPT = "_corrupt_record"
PARTITION_BYTES = (1 << 20, 128 << 20)

# Per Python worker: the model, loaded once after its digest check, by (path, digest).
_models: dict[tuple[str, str], Any] = {}


def _worker_model(name: str) -> Any:
    from pyspark import SparkFiles

    from .model import Model

    path = Path(SparkFiles.get(name))
    digest = artifacts.verify(path)  # the digest file travels with the model: addFile below
    key = (str(path), digest)
    if key not in _models:
        model = Model()
        model.load_model(path)
        _models[key] = model
    return _models[key]


def _package_zip(folder: str) -> str:
    """This package as a zip for the executors' Python path."""
    package = Path(__file__).resolve().parent
    target = Path(folder) / f"{package.name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(package.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                archive.write(file, file.relative_to(package.parent).as_posix())
    return str(target)


def _read(spark: Any, files: list[Path], source: Path, columns: scoring.Columns) -> tuple[Any, list[str], bool]:
    """INPUT as a DataFrame of text or typed columns; the feature column names; whether it is CSV."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    kinds = {scoring.is_parquet(file) for file in files}
    if len(kinds) > 1:
        raise CommandError(f"{source} mixes CSV and Parquet files; score them separately")
    paths = [str(file) for file in files]
    if kinds == {True}:
        frame = spark.read.parquet(*paths)
        header = frame.columns
    else:
        with open(files[0], newline="", encoding="utf-8", errors="replace") as file:
            header = next(csv.reader(file), [])
        schema = StructType([StructField(name, StringType()) for name in header] + [StructField(CORRUPT, StringType())])
        frame = spark.read.csv(
            paths, header=True, schema=schema, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT, enforceSchema=True
        )
    id_index, feature_indices = columns.pick(header, source)
    features = [header[index] for index in feature_indices]
    ids = (
        F.col(header[id_index]).cast("string")
        if id_index is not None
        else F.concat_ws(":", F.element_at(F.split(F.input_file_name(), "/"), -1), F.monotonically_increasing_id())
    )
    picked = [ids.alias("_id"), F.input_file_name().alias(SOURCE), *(F.col(name) for name in features)]
    if kinds != {True}:
        picked.append(F.col(CORRUPT))
    return frame.select(*picked), features, kinds != {True}


def _scorer(model_name: str, features: list[str], fields: list[str], is_csv: bool):
    """The mapInPandas function: batches of rows in, ids with prediction fields or a reason out."""

    def score_batches(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        model = _worker_model(model_name)
        for batch in batches:
            values = [batch[name].astype(object).where(batch[name].notna(), None).tolist() for name in features]
            inputs = [list(row) for row in zip(*values, strict=True)] if values else [[] for _ in range(len(batch))]
            if is_csv:
                inputs = [
                    [scoring.csv_value(value) if isinstance(value, str) else value for value in row] for row in inputs
                ]
            corrupt = batch[CORRUPT].notna().tolist() if is_csv else [False] * len(batch)
            readable = [index for index, bad in enumerate(corrupt) if not bad]
            results: list[tuple[Any, str | None]] = [(None, "the CSV row's fields do not match the header")] * len(
                batch
            )
            for index, result in zip(readable, scoring.predict_rows(model, [inputs[i] for i in readable]), strict=True):
                results[index] = result
            out: dict[str, list[Any]] = {"_id": batch["_id"].tolist(), SOURCE: batch[SOURCE].tolist()}
            for name in fields:
                column = []
                for prediction, reason in results:
                    value = (
                        None
                        if reason is not None
                        else (
                            prediction.get(name)
                            if isinstance(prediction, dict)
                            else prediction
                            if name == "prediction"
                            else None
                        )
                    )
                    value = scoring.cell(value)
                    column.append(None if value is None else str(value))
                out[name] = column
            out[REJECTED] = [reason for _, reason in results]
            yield pd.DataFrame(out)

    return score_batches


def score(
    source: Path, output: Path, rejects: Path, columns: scoring.Columns, master: str | None, force: bool = False
) -> scoring.Summary:
    """Score INPUT into OUTPUT and the rejects folder with a Spark job; the same summary as the local engine."""
    files = scoring.input_files(source)
    settings = Settings.from_env()
    # The digest is checked here first, so a bad model fails before any Spark work.
    try:
        artifacts.verify(settings.model_path)
    except artifacts.ArtifactError as exc:
        raise CommandError(f"model not ready: {exc}") from None
    from .spark import session, submitted

    if master or not submitted():  # spark-submit's --master stands unless --master is given
        os.environ["SPARK_MASTER"] = master or os.environ.get("SPARK_MASTER", "").strip() or "local[*]"
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    from .model import INPROCESS, Model

    started = time.perf_counter()
    spark = session()
    context = spark.sparkContext
    # Enough input splits for every core: Spark's default (128 MB) would give a small file one task.
    total = sum(file.stat().st_size for file in files)
    split = min(max(total // max(context.defaultParallelism, 1) + 1, PARTITION_BYTES[0]), PARTITION_BYTES[1])
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(split))
    spark.conf.set("spark.sql.files.openCostInBytes", str(min(split, 4 << 20)))

    frame, features, is_csv = _read(spark, files, source, columns)
    driver_model = Model()
    driver_model.load_model(settings.model_path)
    with zipfile.ZipFile(settings.model_path) as archive:
        inprocess = INPROCESS in archive.namelist()
    example = driver_model.predict(driver_model.example_input())[0]
    fields = list(example) if isinstance(example, dict) else ["prediction"]
    schema = StructType(
        [
            StructField("_id", StringType()),
            StructField(SOURCE, StringType()),
            *(StructField(name, StringType()) for name in fields),
            StructField(REJECTED, StringType()),
        ]
    )
    if not inprocess:
        raise CommandError(
            "this model archive has no in-process export (see evaluation.json in it); "
            "score with --engine local, which runs it through PipelineModel.transform"
        )
    with tempfile.TemporaryDirectory(prefix="score-") as folder:
        context.addPyFile(_package_zip(folder))
        shipped = Path(folder) / settings.model_path.name
        shutil.copyfile(settings.model_path, shipped)
        shutil.copyfile(artifacts.digest_path(settings.model_path), artifacts.digest_path(shipped))
        context.addFile(str(shipped))
        context.addFile(str(artifacts.digest_path(shipped)))
        scored = frame.mapInPandas(_scorer(shipped.name, features, fields, is_csv), schema).persist()
        try:
            mode = "overwrite" if force else "errorifexists"
            good = scored.where(F.col(REJECTED).isNull()).select(F.col("_id").alias(columns.id_column), *fields)
            writer = good.write.mode(mode)
            if scoring.is_parquet(output):
                writer.parquet(str(output))
            else:
                writer.csv(str(output), header=True, escape='"')
            bad = scored.where(F.col(REJECTED).isNotNull()).select(
                F.element_at(F.split(SOURCE, "/"), -1).alias("source"),
                F.lit(None).cast("string").alias("row"),
                F.col("_id").alias("id"),
                F.col(REJECTED).alias("reason"),
            )
            bad.coalesce(1).write.mode(mode).csv(str(rejects), header=True, escape='"')
            counts = {
                row["ok"]: row["count"]
                for row in scored.groupBy(F.col(REJECTED).isNull().alias("ok")).count().collect()
            }
        finally:
            scored.unpersist()
    rows = sum(counts.values())
    return scoring.Summary(
        rows=rows,
        scored=counts.get(True, 0),
        rejected=counts.get(False, 0),
        seconds=time.perf_counter() - started,
        output=output,
        rejects=rejects,
    )
