#!/usr/bin/env bash
# HTTP load test: wrk with 32 connections POSTing /api/v1/query to Narthex and to Prometheus 3.5 on the same
# data (the compat data set, imported with each tool's backfill), loopback only; prints req/s and the ratio.
# Usage: benchmarks/http-load/run.sh [seconds per target, default 20]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
secs="${1:-20}"
prom="${PROMETHEUS_BIN:-$HOME/.cache/narthex-peers/bin/prometheus}"
promtool="$(dirname "$prom")/promtool"
work="$(mktemp -d /tmp/narthex-http-load.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

python3 /work/shared/compat/gen_data.py --out "$work/data.om" >/dev/null
printf 'global:\n  scrape_interval: 15s\n' > "$work/prometheus.yml"
"$root/bin/narthex-tool" tsdb create-blocks-from openmetrics --quiet "$work/data.om" "$work/narthex" >/dev/null
"$promtool" tsdb create-blocks-from openmetrics "$work/data.om" "$work/prom" >/dev/null

"$root/bin/narthex" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/narthex" \
  --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:39101 >"$work/narthex.log" 2>&1 &
pids+=($!)
"$prom" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom" \
  --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:39102 >"$work/prom.log" 2>&1 &
pids+=($!)
for port in 39101 39102; do
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.5; done
done

run() { # port -> req/s
  wrk -t2 -c32 -d"${secs}s" -s "$here/post_query.lua" "http://127.0.0.1:$1" | awk '/Requests\/sec/ {print $2}'
}
echo "load: $(uptime)"
wrk -t2 -c32 -d3s -s "$here/post_query.lua" http://127.0.0.1:39101 >/dev/null  # JIT warm-up for Narthex
n=$(run 39101)
p=$(run 39102)
echo "narthex    req/s: $n"
echo "prometheus req/s: $p"
awk -v n="$n" -v p="$p" 'BEGIN { printf "ratio narthex/prometheus: %.2f\n", n / p }'
