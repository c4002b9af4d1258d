"""The generated project's own model class with its trained artifact, for the hand-written peers.

MODEL_CLASS names the class ("bench_flask.model:BenchFlask"), MODEL_PATH the trained
models/model.pkl; the generated project's folder is on PYTHONPATH. Every peer that answers in
Leo's contract calls this same `predict`, so answers and per-row work match the generated
service's exactly.
"""

import importlib
import os
from pathlib import Path


def load():
    module, name = os.environ["MODEL_CLASS"].split(":")
    model = getattr(importlib.import_module(module), name)()
    model.load_model(Path(os.environ["MODEL_PATH"]))
    return model
