"""GET /metrics: the service's own measurements, in the Prometheus text format."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.body.decode())
        for sample in family.samples
    }


def value(samples: dict, metric: str, **labels: str) -> float:
    return samples.get((metric, tuple(sorted(labels.items()))), 0.0)


def test_requests_predictions_and_latency_are_counted(client, model):
    before = scrape(client)
    rows = model.example_input()
    for _ in range(3):
        assert client.post("/predict", {"inputs": rows}).status == 200
    assert client.post("/predict", {"inputs": []}).status == 422
    after = scrape(client)

    def delta(metric: str, **labels: str) -> float:
        return value(after, metric, **labels) - value(before, metric, **labels)

    assert delta("http_requests_total", route="/predict", status="200") == 3
    assert delta("http_requests_total", route="/predict", status="422") == 1
    assert delta("http_request_duration_seconds_count", route="/predict") == 4
    assert delta("http_request_duration_seconds_bucket", route="/predict", le="+Inf") == 4
    assert delta("model_predictions_total") == 3 * len(rows)


def test_unmatched_paths_share_one_label(client):
    before = scrape(client)
    for path in ("/nowhere", "/elsewhere/1"):
        assert client.get(path).status == 404
    after = scrape(client)
    assert (
        value(after, "http_requests_total", route="unmatched", status="404")
        - value(before, "http_requests_total", route="unmatched", status="404")
        == 2
    )
    assert not any("nowhere" in str(key) for key in after)


def test_model_info_load_time_and_in_flight(client, model):
    samples = scrape(client)
    version = client.get("/metadata").json()["version"]
    assert value(samples, "model_info", name=model.name, type=model.type, version=version) == 1
    assert value(samples, "model_load_seconds") > 0
    # The scrape itself is the one request in flight while /metrics is made.
    assert value(samples, "http_requests_in_flight") == 1
