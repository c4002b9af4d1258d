import type { Component } from '../types.js';

/** Always selected: the Leo interface, the service core, the project CLI, tests and README. */
export const base: Component[] = [
  {
    id: 'base',
    category: 'core',
    label: 'Leo service core',
    explanation:
      'The Leo model interface, the framework-neutral service (validation, errors, health, metadata, ' +
      'OpenAPI docs, JSON logs), gunicorn configuration, the project CLI and its test suite.',
    // Two workers with a small model, plus the gunicorn master.
    apiMemoryMi: 1024,
    ports: [{ name: 'api', service: 'API', port: 8080, protocol: 'tcp' }],
    // gunicorn's gevent worker imports packaging, which gunicorn itself does not require;
    // orjson: JSON bodies and log lines in a tenth of the standard library's time (service.py, logs.py);
    // pyarrow: Parquet for `score` (scoring.py), in every project.
    python: ['gevent==25.9.1', 'gunicorn==27.0.1', 'orjson==3.13.0', 'packaging==26.4', 'pyarrow==26.0.1'],
  },
];
