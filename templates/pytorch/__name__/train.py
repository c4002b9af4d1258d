"""Train the example model: a small network on the Iris data shipped in the package.

Full-batch Adam on one thread from a fixed seed: the same weights, and the same
file, every time.
"""

from __future__ import annotations

import io
from pathlib import Path

import torch
from torch import nn

from . import artifacts
from .example_data import load_iris, stratified_split
from .interface import TrainReport
from .model import CLASSES, Network

SEED = 42
EPOCHS = 300
LEARNING_RATE = 0.05


def train(output: Path) -> TrainReport:
    rows, labels = load_iris()
    fit, test = stratified_split(labels)
    x = torch.tensor(rows, dtype=torch.float32)
    y = torch.tensor([CLASSES.index(label) for label in labels])

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    network = Network()
    optimiser = torch.optim.Adam(network.parameters(), lr=LEARNING_RATE)
    loss = nn.CrossEntropyLoss()
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        loss(network(x[fit]), y[fit]).backward()
        optimiser.step()
    network.eval()
    with torch.inference_mode():
        accuracy = (network(x[test]).argmax(dim=1) == y[test]).float().mean().item()

    buffer = io.BytesIO()
    torch.save(network.state_dict(), buffer)
    digest = artifacts.save_bytes(buffer.getvalue(), output)
    return TrainReport(path=output, digest=digest, accuracy=accuracy, train_rows=len(fit), test_rows=len(test))
