import type { Component } from '../types.js';

/** One version for Elasticsearch, Logstash and Kibana: they refuse to talk across versions. */
const ELK_VERSION = '8.19.10';

export const logging: Component[] = [
  {
    id: 'elk',
    category: 'logging',
    label: 'ELK',
    explanation:
      'Elasticsearch, Logstash and Kibana (8.19, one version for the three): each worker also ' +
      'sends its JSON log lines over TCP to Logstash, through a bounded queue that never makes a ' +
      'request wait, and Logstash indexes them into Elasticsearch for searching in Kibana. Needs ' +
      'about 4 GiB of memory: Elasticsearch 2 GiB (1 GiB heap), Logstash 1 GiB (512 MiB heap), ' +
      'Kibana 1 GiB.',
    ports: [
      { name: 'elasticsearch', service: 'Elasticsearch', port: 9200, protocol: 'tcp', host: '127.0.0.1' },
      { name: 'logstash', service: 'Logstash (JSON lines)', port: 5000, protocol: 'tcp' },
      { name: 'kibana', service: 'Kibana', port: 5601, protocol: 'tcp' },
    ],
    images: {
      elasticsearch: { name: 'docker.elastic.co/elasticsearch/elasticsearch', tag: ELK_VERSION },
      logstash: { name: 'docker.elastic.co/logstash/logstash', tag: ELK_VERSION },
      kibana: { name: 'docker.elastic.co/kibana/kibana', tag: ELK_VERSION },
    },
    services: ['elasticsearch', 'logstash', 'kibana'],
    // The shipping is the standard library's sockets and a thread: no Python package.
    environment: { LOGSTASH_HOST: 'logstash', LOGSTASH_PORT: '5000' },
    notices: () => ['ELK needs about 4 GiB of memory for Elasticsearch, Logstash and Kibana.'],
  },
];
