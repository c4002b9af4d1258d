import type { Component } from '../types.js';

export const environments: Component[] = [
  {
    id: 'virtualenv',
    category: 'environment',
    label: 'virtualenv',
    explanation:
      'A setup script that creates .venv with the standard library\'s venv and installs the ' +
      'pinned requirements: no tools beyond Python itself.',
    setupCommand: () => './setup-venv.sh && . .venv/bin/activate',
  },
  {
    id: 'conda',
    category: 'environment',
    label: 'conda',
    explanation:
      'An environment.yml for conda or mamba, pinning the Python version and the requirements; ' +
      'useful where native libraries come from conda-forge.',
    // As environment.yml's own header says: the environment is named after the project.
    setupCommand: (name) => `conda env create --file environment.yml && conda activate ${name}`,
  },
];
