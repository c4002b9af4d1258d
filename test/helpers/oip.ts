/**
 * The Open Inference Protocol (V2 REST) of a served project, checked with clients nobody here
 * wrote: NVIDIA's tritonclient[http] and Seldon's `mlserver infer`, from PyPI, in a venv of their
 * own (test/e2e/oip/requirements.txt, cached like every test venv). test/e2e/oip/client.py drives
 * them and prints what they saw; the checks here hold it against the service's own /predict
 * answers on the same rows.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Venv, freshVenv } from './python.js';
import { runAsync } from './run.js';
import { tempDir } from './tmp.js';

const CLIENT = fileURLToPath(new URL('../e2e/oip/', import.meta.url));
const home = tempDir('leo-oip-client-');
let venv: Venv | undefined;

/** The client's venv, built once per requirements digest: call it from a before() hook, as it may install. */
export function tritonClient(): Venv {
  if (!venv) {
    copyFileSync(join(CLIENT, 'requirements.txt'), join(home, 'requirements.txt'));
    venv = freshVenv(home, 'requirements.txt');
  }
  return venv;
}

interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
  parameters?: { labels?: string };
}

/**
 * Leo's predictions rebuilt from the outputs, by the model metadata: `decoded` holds each output's
 * values, a row per prediction (as tritonclient decodes them) or flat (as the protocol sends them).
 */
function rebuilt(outputs: TensorMetadata[], decoded: Record<string, unknown[]>): unknown[] {
  const columns = outputs.map((output): [string, unknown[]] => {
    const labels = output.parameters?.labels ? (JSON.parse(output.parameters.labels) as string[]) : undefined;
    let values = decoded[output.name]!;
    if (labels && !Array.isArray(values[0])) values = values.flatMap((_, i) => (i % labels.length ? [] : [values.slice(i, i + labels.length)]));
    return [output.name, labels ? values.map((row) => Object.fromEntries(labels.map((label, i) => [label, (row as number[])[i]]))) : values];
  });
  if (columns.length === 1 && columns[0]![0] === 'predictions') return columns[0]![1];
  return columns[0]![1].map((_, row) => Object.fromEntries(columns.map(([name, values]) => [name, values[row]])));
}

async function predictions(url: string, rows: number[][]): Promise<unknown[]> {
  const response = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ inputs: rows }), headers: { 'Content-Type': 'application/json' } });
  const body = (await response.json()) as { predictions: unknown[] };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.predictions;
}

/**
 * tritonclient finds the server live and ready, reads the model's tensors, gets /predict's own
 * predictions as typed tensors (FP64 and FP32 inputs, versioned route, chosen outputs, top classes),
 * and gets each bad request refused with the protocol's status and the server's message.
 */
export async function checkOpenInferenceProtocol(client: Venv, url: string, rows: number[][]): Promise<void> {
  const leoMetadata = (await (await fetch(`${url}/metadata`)).json()) as { name: string; version: string };
  const run = await runAsync(client.bin('python'), [join(CLIENT, 'client.py'), url, leoMetadata.name, JSON.stringify(rows)]);
  assert.equal(run.status, 0, run.output);
  const seen = JSON.parse(run.stdout) as Record<string, any>;

  assert.deepEqual([seen.live, seen.ready, seen.model_ready], [true, true, true]);
  assert.equal(seen.server.name, leoMetadata.name);
  assert.deepEqual(seen.server.extensions, ['classification']);
  const metadata = seen.metadata as { name: string; versions: string[]; inputs: TensorMetadata[]; outputs: TensorMetadata[] };
  assert.equal(metadata.name, leoMetadata.name);
  assert.deepEqual(metadata.versions, [leoMetadata.version]);
  assert.deepEqual(metadata.inputs, [{ name: 'inputs', datatype: 'FP64', shape: [-1, rows[0]!.length] }]);
  assert.ok(metadata.outputs.every((output) => output.shape[0] === -1), JSON.stringify(metadata.outputs));

  const own = await predictions(url, rows);
  assert.deepEqual(rebuilt(metadata.outputs, seen.fp64), own);
  assert.deepEqual(rebuilt(metadata.outputs, seen.versioned), own);
  assert.equal(seen.id, 'r-1');
  // FP32 inputs reach the model as float32 values: /predict on the same rounded rows answers alike.
  assert.deepEqual(rebuilt(metadata.outputs, seen.fp32), await predictions(url, rows.map((row) => row.map(Math.fround))));
  assert.deepEqual(seen.one_output, [metadata.outputs.at(-1)!.name]);

  const scored = metadata.outputs.find((output) => output.shape.length === 2);
  if (scored) {
    // Triton's classification extension: "value:index:label", the most probable first.
    const labels = JSON.parse(scored.parameters!.labels!) as string[];
    (seen.classification as string[][]).forEach((top, row) => {
      const scores = (own[row] as Record<string, Record<string, number>>)[scored.name]!;
      const ranked = [...labels].sort((a, b) => scores[b]! - scores[a]!);
      assert.deepEqual(top.map((text) => text.split(':')[2]), ranked.slice(0, 2), `row ${row}: ${top}`);
      top.forEach((text) => {
        const [value, index, label] = text.split(':');
        assert.equal(labels[Number(index)], label);
        assert.equal(Number(value), scores[label!]);
      });
    });
  }

  const refused: Record<string, [string, RegExp]> = {
    unknown_model: ['404', /unknown model 'no_such_model'/],
    unknown_version: ['404', /unknown version '0'/],
    infer_unknown_model: ['404', /unknown model 'no_such_model'/],
    binary_data: ['400', /binary tensor data extension is not supported.*binary_data=False/],
    bytes_for_numbers: ['400', /datatype 'BYTES'; the model takes FP64/],
    bool_for_numbers: ['400', /datatype 'BOOL'; the model takes FP64/],
    shape_mismatch: ['400', new RegExp(`has ${rows.length * 4} values; its shape \\[${rows.length + 1}, 4\\] holds ${(rows.length + 1) * 4}`)],
    wrong_width: ['400', /has shape \[\d+, 3\]; the model takes \[-1, 4\]/],
    wrong_rank: ['400', /has shape \[\d+\]; the model takes \[-1, 4\]/],
    unknown_input: ['400', /the model takes one input, 'inputs'; got \["features"\]/],
    non_finite: ['400', /Infinity is not valid JSON/],
    unknown_output: ['400', /unknown output 'no_such_output'/],
  };
  assert.deepEqual(Object.keys(seen.errors).sort(), Object.keys(refused).sort());
  const [answered, refusedByMlserver] = seen.mlserver as Record<string, any>[];
  assert.equal(answered!.id, 'm-1');
  const flat = Object.fromEntries((answered!.outputs as { name: string; data: unknown[] }[]).map((output) => [output.name, output.data]));
  assert.deepEqual(rebuilt(metadata.outputs, flat), own);
  assert.match(refusedByMlserver!.error.msg, /input 'inputs' has shape \[1, 3\]; the model takes \[-1, 4\]/);
  for (const [name, [status, message]] of Object.entries(refused)) {
    const error = seen.errors[name] as { status: string; message: string };
    assert.equal(error.status, status, `${name}: ${JSON.stringify(error)}`);
    assert.match(error.message, message, name);
    assert.doesNotMatch(error.message, /Traceback|File "|\/[a-z]+\/[a-z]+/, name);
  }
}
