/** The shapes of the component catalog: the single source of truth for every layer of Leo. */

/** Categories that are on or off: their answer is a boolean. */
export type ToggleCategoryId = 'docker' | 'kubernetes' | 'spark';

export type CategoryId = 'core' | 'framework' | 'model' | 'environment' | 'logging' | 'monitoring' | 'gateway' | ToggleCategoryId | 'ci';

/** What the project CLI does on a deploy target: `python <name>cli.py ACTION TARGET`. */
export type DeployAction = 'deploy' | 'undeploy' | 'status';

/**
 * A choice category picks one component (or none, unless required); a toggle category is
 * on/off and holds exactly one component whose id is the category id.
 */
export interface Category {
  id: CategoryId;
  label: string;
  kind: 'choice' | 'toggle';
  required: boolean;
  /** What the TUI shows beside the panel title and the schema shows as the key's description. */
  description: string;
  /** For an optional choice: the preset value meaning "nothing from this category". */
  noneValue?: 'none';
  /** For a choice: the preset value used when the key is absent. */
  defaultValue?: string;
}

export interface Port {
  /** How templates refer to the port (`port('kibana')`): unique across the catalog. */
  name: string;
  service: string;
  port: number;
  protocol: 'tcp' | 'udp';
  /** Host address the port is published on (loopback for admin interfaces). */
  host?: string;
  note?: string;
}

/** A container image the generated files run, pinned: templates write `images.<key>` as `name:tag`. */
export interface ContainerImage {
  name: string;
  tag: string;
}

/** What the machine running Leo looks like; rules consult it for live warnings. */
export interface Probe {
  hasCommand(name: string): boolean;
  env(name: string): string | undefined;
}

export interface Implication {
  id: string;
  /** Shown as a warning when the implication switches something on that the answers left off. */
  message: string;
}

export interface Component {
  id: string;
  category: CategoryId;
  label: string;
  /** One paragraph for the TUI: what it is, what it costs, what it brings along. */
  explanation: string;
  /** Chosen only through another component's implication, never offered directly. */
  impliedOnly?: boolean;
  /** Components that must be selected too (an error otherwise). */
  requires?: string[];
  /** Components this one switches on. */
  implies?: Implication[];
  /** Components that cannot be selected together with this one. */
  conflicts?: string[];
  ports?: Port[];
  /** Pinned Python requirement lines for the generated requirements.txt. */
  python?: string[];
  /**
   * Pinned requirement lines needed only to train the example model (skl2onnx for ONNX): they go
   * to requirements-train.txt, which the tests install and the image does not.
   */
  trainingPython?: string[];
  /** Import names of those requirements where they differ from the distribution name (sklearn). */
  imports?: string[];
  /** Container images the component's compose services, manifests or pipelines run, by a key unique across the catalog. */
  images?: Record<string, ContainerImage>;
  /** Services the component runs beside the API (compose services, Kubernetes deployments). */
  services?: string[];
  /** Ports of other components that this one keeps off the host: reachable only through it. */
  unpublishes?: number[];
  /** Environment variables the API container gets (compose service and Kubernetes ConfigMap alike). */
  environment?: Record<string, string>;
  /**
   * For a model type: the file, in models/, that training writes and the service loads, named for
   * the library's own format (model.json for XGBoost). Without one, models/model.pkl.
   */
  modelFile?: string;
  /**
   * For a model type whose every call costs more than its rows (scikit-learn's input checks): the
   * rows of concurrent requests the service gathers into one model call by default (adaptive
   * batching, BATCH_MAX_SIZE). Without one, batching is off: the model's cost is per row.
   */
  batchMaxSize?: number;
  /** Debian packages the service needs at run time: installed in the image and in CI's test job. */
  debianPackages?: string[];
  /** Variables that describe the image's own contents (JAVA_HOME): set in the Dockerfile, for every process run from it. */
  imageEnvironment?: Record<string, string>;
  /**
   * A category whose part this component plays when selected (Spark brings its own model and
   * training code): the component chosen there is left out, and this one stands in for it.
   */
  replaces?: CategoryId;
  /**
   * Memory (MiB) the API container needs, all its workers included, when this component is in it:
   * the largest figure among the selected components sizes the Kubernetes limit.
   */
  apiMemoryMi?: number;
  /**
   * For an environment: the shell command that makes it in a fresh project and enters it (given
   * the project's name), the first of the "Next" commands after a write.
   */
  setupCommand?: (name: string) => string;
  /** Warnings about the selection or the machine (memory, missing tools). */
  notices?: (probe: Probe) => string[];
  /**
   * The project CLI deploys to this component (`deploy <id>`): what each action does there, as
   * the deploy screen explains it.
   */
  deployTarget?: Record<DeployAction, string>;
}

/** A component as the rest of Leo sees it: availability is derived from its template folder. */
export interface CatalogComponent extends Component {
  available: boolean;
  templateDir: string;
}
