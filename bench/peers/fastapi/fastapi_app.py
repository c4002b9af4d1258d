"""FastAPI on uvicorn: the same model behind the same contract as Leo's /predict.

`async def`: the prediction is short and CPU-bound, so running it on the event loop is cheaper
than a hop to the thread pool; a JSONResponse built directly skips FastAPI's jsonable_encoder.
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from leo_model import load

model = load()
app = FastAPI()


@app.post("/predict")
async def predict(request: Request) -> JSONResponse:
    body = await request.json()
    return JSONResponse({"predictions": model.predict(body["inputs"])})
