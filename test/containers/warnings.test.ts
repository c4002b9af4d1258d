import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runLeo } from '../helpers/leo.js';
import { tempDir } from '../helpers/tmp.js';

/** `leo --preset` on a machine whose PATH holds exactly the given commands. */
function presetWarnings(preset: object, commands: string[]): string[] {
  const home = tempDir();
  const bin = tempDir();
  for (const command of commands) writeFileSync(join(bin, command), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(home, 'preset.json'), JSON.stringify(preset));
  const result = runLeo(['--preset', 'preset.json', '--dry-run'], home, { PATH: bin });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
}

describe('preset-mode warnings of the container components', () => {
  it('Kubernetes turns Docker on, Kong hides the API port, missing docker and kubectl are named', () => {
    const warnings = presetWarnings({ name: 'warned', framework: 'flask', gateway: 'kong', kubernetes: true }, []);
    assert.deepEqual(warnings, [
      'warning: Kubernetes turns Docker on: the manifests run the Docker image.',
      "warning: Kong hides the API's own port: requests go through the Kong proxy.",
      'warning: docker was not found on PATH: the project is generated, but deploying needs it.',
      'warning: kubectl was not found on PATH: the project is generated, but deploying to Kubernetes needs it.',
    ]);
  });

  it('says nothing when the tools are there and no rule changed the answers', () => {
    assert.deepEqual(presetWarnings({ name: 'quiet', framework: 'flask', docker: true, kubernetes: true }, ['docker', 'kubectl']), []);
  });
});
