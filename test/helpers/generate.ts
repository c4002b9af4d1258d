import type { Answers } from '../../src/pipeline/answers.js';
import { type Catalog, catalog as realCatalog, type Probe } from '../../src/catalog/index.js';
import { type Generated, generate } from '../../src/pipeline/index.js';
import { fakeProbe } from './fixture-catalog.js';

/** A machine with every tool a project's notices look for: generated files never depend on it. */
export const TOOLS_PROBE: Probe = fakeProbe(['docker', 'kubectl', 'java']);

/** A project generated in process and in memory (the real catalog unless told), with its files' text by path. */
export function inMemory(answers: Answers, catalog: Catalog = realCatalog, probe: Probe = TOOLS_PROBE): Generated & { text: Map<string, string> } {
  const generated = generate(answers, catalog, probe);
  return { ...generated, text: new Map(generated.rendered.map((f) => [f.path, f.content.toString()])) };
}
