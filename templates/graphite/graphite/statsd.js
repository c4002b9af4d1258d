/*
 * statsd's configuration, as /opt/statsd/config/udp.js in the graphite service. Every
 * flushInterval it hands carbon one point per measurement; storage-schemas.conf keeps
 * exactly one point per flush (10 s): with finer slots Graphite would show gaps, with
 * coarser ones a flush would overwrite the one before in the same slot and lose counts.
 */
{
  port: 8125,
  graphiteHost: "127.0.0.1",
  graphitePort: 2003,
  flushInterval: 10000,
  percentThreshold: [50, 95, 99],
  graphite: { legacyNamespace: true },
  backends: ["./backends/graphite"]
}
