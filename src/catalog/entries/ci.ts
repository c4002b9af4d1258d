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
  },
];
