import { join } from 'node:path';

/** The answers file at a generated project's root: itself a valid preset. */
export const ANSWERS_FILE = 'leo.json';

/** Every name Leo derives from a project's name, in one place: the templates, the CLI and `leo deploy` all read these. */
export interface ProjectNames {
  /** The Python package and the folder: lower snake_case. */
  name: string;
  /** The model class: IrisClassifier for iris_classifier. */
  className: string;
  /** Kubernetes objects, the image and compose allow no underscore: iris-classifier. */
  slug: string;
  /** The container image the project builds. */
  image: string;
  /** The project CLI at the project's root. */
  cli: string;
}

export function projectNames(name: string): ProjectNames {
  const slug = name.replaceAll('_', '-');
  return {
    name,
    className: name
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join(''),
    slug,
    image: `${slug}:latest`,
    cli: `${name}cli.py`,
  };
}

/** The python of the project's own virtual environment, inside the project folder. */
export function venvPython(projectDir: string): string {
  return join(projectDir, '.venv', 'bin', 'python');
}
