// Types for scripts/build.js, whose bundle options the start-up benchmark reuses.
import type { BuildOptions } from 'esbuild';

export declare const bundleOptions: BuildOptions;
