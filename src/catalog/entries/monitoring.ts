import type { Component } from '../types.js';

const grafanaImplication = { id: 'grafana', message: 'A monitoring tool adds Grafana, provisioned with a dashboard.' };

export const monitoring: Component[] = [
  {
    id: 'prometheus',
    category: 'monitoring',
    label: 'Prometheus',
    explanation:
      'The service exposes /metrics (correct under several gunicorn workers) and Prometheus ' +
      'scrapes it, with alert rules for error rate, latency and a target that is down. Brings ' +
      'Grafana.',
    implies: [grafanaImplication],
    ports: [{ service: 'Prometheus', port: 9090, protocol: 'tcp' }],
    services: ['prometheus'],
  },
  {
    id: 'graphite',
    category: 'monitoring',
    label: 'Graphite',
    explanation:
      'The service sends the same measurements through statsd to Graphite (carbon + whisper), ' +
      'with retention matched to the statsd flush interval. Brings Grafana.',
    implies: [grafanaImplication],
    ports: [
      { service: 'Graphite web', port: 8081, protocol: 'tcp' },
      { service: 'Carbon', port: 2003, protocol: 'tcp' },
      { service: 'statsd', port: 8125, protocol: 'udp' },
    ],
    services: ['graphite'],
  },
  {
    id: 'grafana',
    category: 'monitoring',
    label: 'Grafana',
    impliedOnly: true,
    explanation:
      'Dashboards for request rate, errors, latency percentiles and predictions, with the ' +
      'datasource and dashboard provisioned.',
    ports: [{ service: 'Grafana', port: 3000, protocol: 'tcp' }],
    services: ['grafana'],
  },
];
