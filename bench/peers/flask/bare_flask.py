"""Bare Flask: the least a hand-written Flask app does to serve the model (no logs, no checks)."""

from flask import Flask, jsonify, request
from leo_model import load

model = load()
app = Flask(__name__)


@app.post("/predict")
def predict():
    return jsonify(predictions=model.predict(request.get_json()["inputs"]))
