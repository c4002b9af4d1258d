import type { Component } from '../types.js';

export const logging: Component[] = [
  {
    id: 'elk',
    category: 'logging',
    label: 'ELK',
    explanation:
      'Elasticsearch, Logstash and Kibana: the service ships its JSON log lines to Logstash, ' +
      'which indexes them into Elasticsearch for searching in Kibana. Needs about 4 GiB of ' +
      'memory for the three services.',
    ports: [
      { service: 'Elasticsearch', port: 9200, protocol: 'tcp', host: '127.0.0.1' },
      { service: 'Logstash (JSON lines)', port: 5000, protocol: 'tcp' },
      { service: 'Kibana', port: 5601, protocol: 'tcp' },
    ],
    services: ['elasticsearch', 'logstash', 'kibana'],
    notices: () => ['ELK needs about 4 GiB of memory for Elasticsearch, Logstash and Kibana.'],
  },
];
