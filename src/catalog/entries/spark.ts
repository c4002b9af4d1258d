import type { Component } from '../types.js';

export const spark: Component[] = [
  {
    id: 'spark',
    category: 'spark',
    // Headroom for a pipeline that cannot be exported: each worker then runs a JVM (about 480 MB)
    // and Spark's Python helpers (about 100 MB) beside itself.
    apiMemoryMi: 2048,
    label: 'Spark',
    explanation:
      'Data loading (CSV or Parquet) and training on Spark ML Pipelines, evaluated on a held-out ' +
      'split; the fitted PipelineModel is exported and served in-process with numpy (no JVM, no ' +
      'Spark job per request), or through Spark when a stage cannot be exported. Batch `score` runs ' +
      'on Spark (local[*], a cluster, or a Kubernetes Job). It takes the place of the model type. ' +
      'Costs: pyspark, py4j, pandas and NumPy are about 660 MB installed, and pyspark needs Java 17 ' +
      'or later (a Java runtime in the image) for training and scoring.',
    replaces: 'model',
    // A PipelineModel is a folder: it is served from one zip archive, so one digest covers it.
    modelFile: 'model.zip',
    // numpy's per-call set-up in the in-process path, a Spark job per call in the fallback.
    batchMaxSize: 32,
    // pandas (with the base's pyarrow): mapInPandas, which `score` runs on.
    python: ['numpy==2.4.6', 'pandas==2.3.3', 'py4j==0.10.9.9', 'pyspark==4.3.0'],
    // The Debian default JRE (OpenJDK 21 on trixie) and its arch-independent JAVA_HOME link.
    debianPackages: ['default-jre-headless'],
    imageEnvironment: { JAVA_HOME: '/usr/lib/jvm/default-java' },
    // A worker is killed when loading outlasts the timeout, and a JVM's start-up counts.
    environment: { GUNICORN_TIMEOUT: '60' },
    ports: [{ name: 'spark_ui', service: 'Spark UI', port: 4040, protocol: 'tcp', note: 'only with SPARK_UI_ENABLED=true, e.g. while training; off in the API' }],
    notices: (probe) =>
      probe.env('SPARK_HOME') || probe.hasCommand('java')
        ? []
        : ['Spark needs Java: neither $SPARK_HOME is set nor a java found on PATH.'],
  },
];
