import type { Component } from '../types.js';

export const frameworks: Component[] = [
  {
    id: 'flask',
    category: 'framework',
    label: 'Flask',
    explanation:
      'The most widely used Python micro-framework: a large ecosystem of extensions and the ' +
      'easiest code to read for newcomers. The API is an app factory with error handlers and ' +
      'request hooks, served by gunicorn.',
    python: ['flask==3.1.3'],
  },
  {
    id: 'falcon',
    category: 'framework',
    label: 'Falcon',
    explanation:
      'A minimal, fast framework for REST APIs with less per-request overhead than Flask and ' +
      'no global request state. The API is a falcon.App with resources and middleware, served ' +
      'by gunicorn.',
    python: ['falcon==4.4.0'],
  },
];
