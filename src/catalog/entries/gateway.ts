import type { Component } from '../types.js';

export const gateway: Component[] = [
  {
    id: 'kong',
    category: 'gateway',
    label: 'Kong',
    explanation:
      'Kong in DB-less mode with a declarative configuration routing to the API. With Kong the ' +
      'API is reachable only through it: its own port is not published.',
    ports: [
      { name: 'kong_proxy', service: 'Kong proxy', port: 8000, protocol: 'tcp' },
      { name: 'kong_admin', service: 'Kong admin', port: 8001, protocol: 'tcp', host: '127.0.0.1' },
    ],
    images: { kong: { name: 'kong', tag: '3.9.1' } },
    services: ['kong'],
    // The API's port: published only through the Kong proxy.
    unpublishes: [8080],
    notices: () => ['Kong hides the API\'s own port: requests go through the Kong proxy.'],
  },
];
