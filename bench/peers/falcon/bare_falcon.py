"""Bare Falcon: the least a hand-written Falcon app does to serve the model (no logs, no checks)."""

import falcon
from leo_model import load

model = load()


class Predict:
    def on_post(self, req, resp):
        resp.media = {"predictions": model.predict(req.get_media()["inputs"])}


app = falcon.App()
app.add_route("/predict", Predict())
