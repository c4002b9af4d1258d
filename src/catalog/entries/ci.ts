import type { Component } from '../types.js';

export const ci: Component[] = [
  {
    id: 'github',
    category: 'ci',
    label: 'GitHub Actions',
    explanation: 'A workflow that installs, runs the tests, builds the image and carries a deploy stage.',
  },
  {
    id: 'gitlab',
    category: 'ci',
    label: 'GitLab CI',
    explanation: 'A pipeline that installs, runs the tests, builds the image and carries a deploy stage.',
    // The jobs' images: Docker (with its daemon as a service) builds the image, kubectl deploys.
    images: { docker: { name: 'docker', tag: '28.3.3' }, kubectl: { name: 'alpine/k8s', tag: '1.33.4' } },
  },
];
