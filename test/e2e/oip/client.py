"""Talks to a generated service with two clients of the Open Inference Protocol nobody here wrote:
NVIDIA's tritonclient and Seldon's `mlserver infer`.

    python client.py URL MODEL ROWS_JSON

Prints one JSON object of what the clients saw: health, metadata, each output as tritonclient
decodes it (as_numpy), for each bad request the status and message of the
InferenceServerException it raised, and the lines `mlserver infer` wrote. test/helpers/oip.ts
asserts on them.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import tritonclient.http as http
from tritonclient.utils import InferenceServerException

url, model, rows = sys.argv[1], sys.argv[2], np.asarray(json.loads(sys.argv[3]), dtype=np.float64)
client = http.InferenceServerClient(url.removeprefix("http://"), connection_timeout=60, network_timeout=60)
metadata = client.get_model_metadata(model)
outputs = [output["name"] for output in metadata["outputs"]]


def tensor(values, datatype="FP64", binary=False, name="inputs"):
    tensor = http.InferInput(name, list(values.shape), datatype)
    tensor.set_data_from_numpy(values, binary_data=binary)
    return tensor


def decoded(result, names):
    return {name: result.as_numpy(name).tolist() for name in names}


def infer(inputs, requested=None, **options):
    return client.infer(model, inputs, outputs=requested, **options)


def refused(action):
    try:
        action()
    except InferenceServerException as error:
        return {"status": error.status(), "message": error.message()}
    return {"status": None, "message": "no exception"}


def reshaped(values, shape):
    """A tensor whose declared shape differs from its data: the client itself refuses to build one."""
    wrong = tensor(values)
    wrong.set_shape(shape)
    return wrong


seen = {
    "live": client.is_server_live(),
    "ready": client.is_server_ready(),
    "model_ready": client.is_model_ready(model),
    "server": client.get_server_metadata(),
    "metadata": metadata,
    # The client's default: every output, with binary_data_output asked for (answered as JSON).
    "fp64": decoded(infer([tensor(rows)], request_id="r-1"), outputs),
    "id": infer([tensor(rows)], request_id="r-1").get_response().get("id"),
    "fp32": decoded(infer([tensor(rows.astype(np.float32), "FP32")],
                          [http.InferRequestedOutput(name, binary_data=False) for name in outputs]), outputs),
    "versioned": decoded(client.infer(model, [tensor(rows)], model_version=metadata["versions"][0]), outputs),
    "one_output": [o["name"] for o in infer([tensor(rows)], [http.InferRequestedOutput(outputs[-1])]).get_response()["outputs"]],
    "errors": {
        "unknown_model": refused(lambda: client.get_model_metadata("no_such_model")),
        "unknown_version": refused(lambda: client.get_model_metadata(model, model_version="0")),
        "infer_unknown_model": refused(lambda: client.infer("no_such_model", [tensor(rows)])),
        "binary_data": refused(lambda: infer([tensor(rows, binary=True)])),
        "bytes_for_numbers": refused(lambda: infer([tensor(np.vectorize(lambda v: str(v).encode(), otypes=[np.object_])(rows), "BYTES")])),
        "bool_for_numbers": refused(lambda: infer([tensor(rows > 5, "BOOL")])),
        "shape_mismatch": refused(lambda: infer([reshaped(rows, [len(rows) + 1, rows.shape[1]])])),
        "wrong_width": refused(lambda: infer([tensor(rows[:, :3])])),
        "wrong_rank": refused(lambda: infer([tensor(rows.reshape(-1))])),
        "unknown_input": refused(lambda: infer([tensor(rows, name="features")])),
        "non_finite": refused(lambda: infer([tensor(np.full_like(rows, np.inf))])),
        "unknown_output": refused(lambda: infer([tensor(rows)], [http.InferRequestedOutput("no_such_output")])),
    },
}
scored = [o for o in metadata["outputs"] if len(o["shape"]) == 2]
if scored:
    classified = infer([tensor(rows)], [http.InferRequestedOutput(scored[0]["name"], binary_data=False, class_count=2)])
    seen["classification"] = classified.as_numpy(scored[0]["name"]).astype(str).tolist()


def mlserver_infer(requests):
    """`mlserver infer`'s answers to these requests (one JSON line each), in their order."""
    with tempfile.TemporaryDirectory() as folder:
        given, answers = Path(folder, "requests.jsonl"), Path(folder, "responses.jsonl")
        given.write_text("".join(json.dumps(request) + "\n" for request in requests))
        subprocess.run([str(Path(sys.executable).parent / "mlserver"), "infer", "-u", url.removeprefix("http://"),
                        "-m", model, "-i", str(given), "-o", str(answers), "--retries", "1"],
                       check=True, capture_output=True, timeout=300)
        lines = [json.loads(line) for line in answers.read_text().splitlines()]
    return sorted(lines, key=lambda line: line["parameters"]["batch_index"])


seen["mlserver"] = mlserver_infer([
    {"id": "m-1", "inputs": [{"name": "inputs", "datatype": "FP64", "shape": list(rows.shape), "data": rows.tolist()}]},
    {"id": "m-2", "inputs": [{"name": "inputs", "datatype": "FP64", "shape": [1, 3], "data": rows[0, :3].tolist()}]},
])
print(json.dumps(seen))
