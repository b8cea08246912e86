-- common.lua: prepended to every scenario. Collects the per-thread count of responses
-- whose status was not the expected one, and prints machine-readable totals at the end.
threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local unexpected = 0
  for _, t in ipairs(threads) do unexpected = unexpected + (t:get("unexpected") or 0) end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f errors=%d unexpected=%d " ..
    "connect=%d read=%d write=%d timeout=%d max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, unexpected,
    e.connect, e.read, e.write, e.timeout, latency.max / 1000))
end
