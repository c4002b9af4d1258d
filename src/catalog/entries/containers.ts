import type { Component } from '../types.js';

const missing = (command: string, when: string) =>
  `${command} was not found on PATH: the project is generated, but ${when} needs it.`;

export const containers: Component[] = [
  {
    id: 'docker',
    category: 'docker',
    label: 'Docker',
    explanation:
      'A multi-stage Dockerfile (non-root, health check on readiness), .dockerignore and a ' +
      'compose file that starts every chosen service.',
    // Containers see every host CPU, so the worker count is set rather than derived.
    environment: { LOG_LEVEL: 'INFO', WEB_CONCURRENCY: '2' },
    notices: (probe) => (probe.hasCommand('docker') ? [] : [missing('docker', 'deploying')]),
    deployTarget: {
      deploy: 'Build the image and start every service of the compose file.',
      undeploy: 'Stop the containers; they are kept, and deploy starts them again.',
      status: 'List the services, whether they run and their health.',
    },
  },
  {
    id: 'kubernetes',
    category: 'kubernetes',
    label: 'Kubernetes',
    explanation:
      'Manifests for each independent component (Deployments, Services, ConfigMaps, probes, ' +
      'autoscaling) applied with one kustomization. Needs the Docker image, so it turns Docker on.',
    implies: [{ id: 'docker', message: 'Kubernetes turns Docker on: the manifests run the Docker image.' }],
    notices: (probe) => (probe.hasCommand('kubectl') ? [] : [missing('kubectl', 'deploying to Kubernetes')]),
    deployTarget: {
      deploy: "Build the image (loaded into minikube on minikube) and apply k8s/ to kubectl's current context.",
      undeploy: 'Delete everything k8s/ applied.',
      status: "List the project's deployments, pods and services.",
    },
  },
];
