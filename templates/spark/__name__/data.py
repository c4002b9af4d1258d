"""Training data as Spark DataFrames.

`load(path)` reads a CSV file with a header row, or Parquet (a file or a
folder of part files, as Spark writes it). The columns are FEATURES and LABEL (features.py).
Without TRAINING_DATA, training uses the example that ships in this package:
the Iris data (Fisher, 1936; UCI Machine Learning Repository, CC BY 4.0), 150
flowers, 4 measurements in cm, 3 species.

    TRAINING_DATA=/data/flowers.parquet python <project>cli.py train
"""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import DataFrame
from pyspark.sql.types import DoubleType, StringType, StructField, StructType

from .features import FEATURES, LABEL
from .spark import session

FEATURE_SCHEMA = StructType([StructField(name, DoubleType(), nullable=False) for name in FEATURES])
# Declared rather than inferred: one pass less over the data, and a CSV header that differs fails loudly.
SCHEMA = StructType([*FEATURE_SCHEMA.fields, StructField(LABEL, StringType(), nullable=False)])
EXAMPLE = Path(__file__).resolve().parent / "data" / "iris.csv"


def load(path: Path) -> DataFrame:
    """Read CSV (by its .csv suffix) or Parquet into a DataFrame with the FEATURES and LABEL columns."""
    reader = session().read
    if path.suffix.lower() == ".csv":
        frame = reader.csv(str(path), header=True, schema=SCHEMA, enforceSchema=False, mode="FAILFAST")
    else:
        frame = reader.parquet(str(path))
    missing = [column for column in (*FEATURES, LABEL) if column not in frame.columns]
    if missing:
        raise ValueError(f"{path} lacks the column(s) {', '.join(missing)}")
    return frame.select(*FEATURES, LABEL)


def training_data() -> DataFrame:
    """The data `train` uses: TRAINING_DATA when set, otherwise the shipped example."""
    configured = os.environ.get("TRAINING_DATA", "").strip()
    return load(Path(configured) if configured else EXAMPLE)
