"""The project's SparkSession, created on first use.

Importing this package starts no JVM: `session()` builds the session the first
time something needs Spark (training, loading the model, a prediction), so the
CLI, the tests and /health/live stay cheap. Each process that does use Spark
(every gunicorn worker, since each loads the model) runs its own JVM.

Spark itself comes from $SPARK_HOME when it is set (its version must match the
pinned pyspark), and otherwise from the pip-installed pyspark; either way it
needs Java 17 or later (`java` on PATH, or $JAVA_HOME). Settings, from the
environment (an empty variable counts as unset; defaults in SETTINGS):

    SPARK_MASTER               where jobs run: local[1] (default), local[N], spark://host:7077
    SPARK_LOCAL_IP             the address Spark binds and executors reach this process at:
                               127.0.0.1 (default) suits local masters, a cluster needs a routable one
    SPARK_DRIVER_MEMORY        the JVM heap of this process
    SPARK_DRIVER_JAVA_OPTIONS  the JVM's options
    SPARK_SHUFFLE_PARTITIONS   partitions after a shuffle: raise it for big data
    SPARK_UI_ENABLED           true serves the Spark UI, e.g. to watch a training run
    SPARK_UI_PORT              its port (the next free one when taken)
    SPARK_LOG_LEVEL            the JVM's log level (WARN; it logs to stderr)
    PYSPARK_PYTHON             the Python of Spark's workers: this one by default

Anything else goes through PYSPARK_SUBMIT_ARGS, as for any pyspark program,
e.g. PYSPARK_SUBMIT_ARGS="--conf spark.executor.memory=2g pyspark-shell". Run by
spark-submit (`spark-submit --master URL <project>cli.py score ...`), its options
stand, and only the variables above that are set override them.
"""

from __future__ import annotations

import functools
import logging
import os
import sys

from pyspark.sql import SparkSession

log = logging.getLogger(__name__)

#: Spark setting -> (environment variable, default).
SETTINGS = {
    "spark.master": ("SPARK_MASTER", "local[1]"),
    "spark.driver.memory": ("SPARK_DRIVER_MEMORY", "512m"),
    # A serving process runs many tiny jobs: the quick C1 compiler and the serial collector halve
    # the JVM's start-up and keep it small. Long training runs on big data do better without them.
    "spark.driver.extraJavaOptions": ("SPARK_DRIVER_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
    "spark.sql.shuffle.partitions": ("SPARK_SHUFFLE_PARTITIONS", "1"),
    "spark.ui.enabled": ("SPARK_UI_ENABLED", "false"),
    "spark.ui.port": ("SPARK_UI_PORT", "4040"),
    # Spark's Python workers run this interpreter, not whichever python3 is first on PATH.
    "spark.pyspark.python": ("PYSPARK_PYTHON", sys.executable),
}


def settings() -> dict[str, str]:
    """The Spark settings the environment asks for; empty variables count as unset."""
    return {key: os.environ.get(variable, "").strip() or default for key, (variable, default) in SETTINGS.items()}


def submitted() -> bool:
    """Whether spark-submit started this process: its JVM is then already up, with its settings."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT"))


@functools.cache
def session() -> SparkSession:
    """The SparkSession of this process, started on the first call."""
    # Spark's own variable, read by the JVM at start-up. Unset, Spark looks up the host's name, which
    # fails where it does not resolve and picks a network interface where it does.
    if not os.environ.get("SPARK_LOCAL_IP", "").strip():
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # The SparkContext starts local Python workers with $PYSPARK_PYTHON (python3 on PATH when unset),
    # whatever spark.pyspark.python says: this interpreter, whose packages the workers need.
    if not os.environ.get("PYSPARK_PYTHON", "").strip():
        os.environ["PYSPARK_PYTHON"] = sys.executable
    # py4j logs every socket it opens and closes at INFO: noise in the service's logs.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    builder = SparkSession.builder.appName(__package__).config("spark.ui.showConsoleProgress", "false")
    for key, value in settings().items():
        # Under spark-submit, its own options (--master, --driver-memory...) stand unless a variable is set.
        if not submitted() or os.environ.get(SETTINGS[key][0], "").strip():
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL", "").strip() or "WARN")
    log.info(
        "spark session started",
        extra={
            "spark_version": spark.version,
            "spark_master": spark.sparkContext.master,
            "spark_home": os.environ.get("SPARK_HOME") or "pyspark package",
        },
    )
    return spark
