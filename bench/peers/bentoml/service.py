"""BentoML 1.4: the same model behind the same contract as Leo's /predict, two workers.

Access log and metrics off, `async def` (its fastest configuration here: the prediction is short,
and a hop to the thread pool cost more than it saved). With BENTO_BATCHING=1 the endpoint is
`batchable`: BentoML's adaptive batching gathers concurrent requests into one call (up to
BATCH_MAX_SIZE rows); the answer is then the list of predictions itself.
"""

import os

import bentoml
from leo_model import load

BATCHING = os.environ.get("BENTO_BATCHING") == "1"


@bentoml.service(workers=2, logging={"access": {"enabled": False}}, metrics={"enabled": False})
class Predictor:
    def __init__(self) -> None:
        self.model = load()

    if BATCHING:

        @bentoml.api(route="/predict", batchable=True, max_batch_size=int(os.environ.get("BATCH_MAX_SIZE", "32")))
        async def predict(self, inputs: list) -> list:
            return self.model.predict(inputs)

    else:

        @bentoml.api(route="/predict")
        async def predict(self, inputs: list) -> dict:
            return {"predictions": self.model.predict(inputs)}
