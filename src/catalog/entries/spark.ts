import type { Component } from '../types.js';

export const spark: Component[] = [
  {
    id: 'spark',
    category: 'spark',
    label: 'Spark',
    explanation:
      'Data loading and training on Spark ML Pipelines with a lazily created SparkSession. ' +
      'Costs a JVM per worker (memory and seconds of start-up) and Java in the image.',
    ports: [{ service: 'Spark UI', port: 4040, protocol: 'tcp' }],
    notices: (probe) =>
      probe.env('SPARK_HOME') || probe.hasCommand('java')
        ? []
        : ['Spark needs Java: neither $SPARK_HOME is set nor a java found on PATH.'],
  },
];
