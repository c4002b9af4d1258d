import type { Component } from '../types.js';

const grafanaImplication = { id: 'grafana', message: 'A monitoring tool adds Grafana, provisioned with a dashboard.' };

export const monitoring: Component[] = [
  {
    id: 'prometheus',
    category: 'monitoring',
    label: 'Prometheus',
    explanation:
      'The service exposes /metrics (request count by route and status, a latency histogram, ' +
      'requests in flight, predictions, model load time and version), added up over every ' +
      'gunicorn worker. Prometheus scrapes it, with alert rules for error rate, p99 latency and ' +
      'a target that is down. Brings Grafana.',
    implies: [grafanaImplication],
    ports: [{ name: 'prometheus', service: 'Prometheus', port: 9090, protocol: 'tcp' }],
    images: { prometheus: { name: 'prom/prometheus', tag: 'v3.16.0' } },
    services: ['prometheus'],
    python: ['prometheus-client==0.26.0'],
    // The workers' shared metrics files: on the container's /tmp (a tmpfs in compose, an
    // emptyDir in Kubernetes), emptied by gunicorn's master at every start.
    environment: { PROMETHEUS_MULTIPROC_DIR: '/tmp/prometheus-metrics' },
  },
  {
    id: 'graphite',
    category: 'monitoring',
    label: 'Graphite',
    explanation:
      'The service sends the same measurements over UDP to statsd, which flushes them to ' +
      'Graphite (carbon + whisper) every 10 s, with retention matched to that interval. A lost ' +
      'datagram never slows a request. Brings Grafana.',
    implies: [grafanaImplication],
    ports: [
      { name: 'graphite_web', service: 'Graphite web', port: 8081, protocol: 'tcp' },
      { name: 'carbon', service: 'Carbon', port: 2003, protocol: 'tcp' },
      { name: 'statsd', service: 'statsd', port: 8125, protocol: 'udp' },
    ],
    images: { graphite: { name: 'graphiteapp/graphite-statsd', tag: '1.1.10-5' } },
    services: ['graphite'],
    // Measurements go out as UDP datagrams from the standard library: no Python package.
    environment: { STATSD_HOST: 'graphite', STATSD_PORT: '8125' },
  },
  {
    id: 'grafana',
    category: 'monitoring',
    label: 'Grafana',
    impliedOnly: true,
    explanation:
      'A dashboard for request rate, server errors, p50/p95/p99 latency, predictions and ' +
      'requests in flight, with its data source (Prometheus or Graphite) provisioned.',
    ports: [{ name: 'grafana', service: 'Grafana', port: 3000, protocol: 'tcp' }],
    images: { grafana: { name: 'grafana/grafana', tag: '12.1.1' } },
    services: ['grafana'],
  },
];
