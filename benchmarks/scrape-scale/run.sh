#!/usr/bin/env bash
# Scrape-scale benchmark: TARGETS targets x SERIES series served by nginx on loopback, scraped every
# INTERVAL for DURATION seconds by Narthex and then by Prometheus, one at a time.
# Reports per server: CPU seconds per million samples, peak RSS, samples lost. See README.md.
#
# Usage: run.sh [narthex|prometheus|both]     Environment: TARGETS SERIES DURATION INTERVAL PORT WORK
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
which_servers=${1:-both}
TARGETS=${TARGETS:-1000}
SERIES=${SERIES:-1000}
DURATION=${DURATION:-300}
INTERVAL=${INTERVAL:-10}
PORT=${PORT:-18080}
API_PORT=${API_PORT:-19090}
WORK=${WORK:-/tmp/narthex-scrape-scale}
PEERS=${NARTHEX_PEERS:-$HOME/.cache/narthex-peers}

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [[ ! -x $NGINX ]]; then
  echo "nginx not found: sudo apt-get install -y nginx (Debian package)" >&2
  exit 1
fi

mkdir -p "$WORK"
if [[ ! -f $WORK/scrape.yml ]]; then
  echo "generating $TARGETS x $SERIES expositions in $WORK ..."
  python3 "$here/gen_targets.py" --out "$WORK" --targets "$TARGETS" --series "$SERIES" --port "$PORT" --interval "${INTERVAL}s"
fi

"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" &
nginx_pid=$!
rotate_pid=""
cleanup() {
  [[ -n $rotate_pid ]] && kill "$rotate_pid" 2>/dev/null || true
  kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT
sleep 1
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/t0/metrics"  # nginx serves (no pipe: pipefail would trip on SIGPIPE)

# Values change between scrapes: swap the served variant every INTERVAL seconds (atomic symlink rename).
(
  v=0
  while true; do
    sleep "$INTERVAL"
    v=$(( (v + 1) % 3 ))
    ln -sfn "v$v" "$WORK/www/current.new" && mv -T "$WORK/www/current.new" "$WORK/www/current"
  done
) &
rotate_pid=$!

cpu_seconds() {  # utime+stime of a pid and its threads, in seconds
  local ticks; ticks=$(getconf CLK_TCK)
  awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"
}

query() {  # value of the first result of an instant query at time $2 (Unix seconds) against the running server
  curl -fsS --get "http://127.0.0.1:$API_PORT/api/v1/query" --data-urlencode "query=$1" --data-urlencode "time=$2" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)'
}

run_one() {
  local name=$1; shift
  local data="$WORK/data-$name"
  rm -rf "$data"; mkdir -p "$data"
  echo "== $name: scraping for ${DURATION}s"
  "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  local load0; load0=$(cut -d' ' -f1 /proc/loadavg)
  sleep "$DURATION"
  # The run ends at $end: CPU and peak RSS are read now, and every count below is an instant query at
  # exactly $end, so both counts see the same scrapes. A scrape's samples and its `up` carry the scrape's
  # start time and are committed together, but up to the scrape timeout (= INTERVAL) after it: wait that
  # long (plus slack) so every scrape that started by $end is committed before counting.
  local end cpu rss load1
  end=$(date +%s.%3N)
  cpu=$(cpu_seconds "$pid")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  sleep $(( INTERVAL + 5 ))
  local win=$(( DURATION + 60 ))  # reaches before the server started: the whole run
  local expected_scrapes=$(( TARGETS * (DURATION / INTERVAL) ))
  local ingested scrapes succeeded reported scrapes_again
  scrapes=$(query "sum(count_over_time(up{job=\"bench\"}[${win}s]))" "$end")
  succeeded=$(query "sum(sum_over_time(up{job=\"bench\"}[${win}s]))" "$end")
  reported=$(query "sum(sum_over_time(scrape_samples_scraped{job=\"bench\"}[${win}s]))" "$end")
  ingested=$(query "sum(count_over_time({__name__=\"bench_requests_total\"}[${win}s]))" "$end")
  scrapes_again=$(query "sum(count_over_time(up{job=\"bench\"}[${win}s]))" "$end")
  local per_target_min per_target_max
  per_target_min=$(query "min(count_over_time(up{job=\"bench\"}[${win}s]))" "$end")
  per_target_max=$(query "max(count_over_time(up{job=\"bench\"}[${win}s]))" "$end")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$name" "$cpu" "$rss" "$ingested" "$scrapes" "$succeeded" "$reported" "$scrapes_again" "$expected_scrapes" \
    "$SERIES" "$load0" "$load1" "$per_target_min" "$per_target_max" <<'PY'
import sys
name = sys.argv[1]
cpu, rss, ingested, scrapes, succeeded, reported, again = map(float, sys.argv[2:9])
expected, series = int(sys.argv[9]), int(sys.argv[10])
load0, load1, per_min, per_max = sys.argv[11:15]
# Every successful scrape stores SERIES samples (the expositions hold exactly that many series): what is
# not queryable is lost. A failed scrape (up == 0) stores none by design and is reported separately.
lost = succeeded * series - ingested
print(f"{name}: cpu {cpu:.1f}s, {cpu / max(ingested, 1) * 1e6:.3f} cpu-s per million samples, peak RSS {int(rss) / 1024:.0f} MiB, "
      f"samples {ingested:.0f} ingested, {lost:.0f} lost, scrapes {scrapes:.0f} of ~{expected} expected, "
      f"failed {scrapes - succeeded:.0f}, scrapes per target {per_min}..{per_max}, scrape_samples_scraped total {reported:.0f}, "
      f"load average {load0} -> {load1}")
if again != scrapes:
    print(f"{name}: WARNING: scrapes counted at the end moved from {scrapes:.0f} to {again:.0f}: count not settled")
PY
}

if [[ $which_servers == narthex || $which_servers == both ]]; then
  run_one narthex "$root/bin/narthex" --config.file="$WORK/scrape.yml" --storage.tsdb.path="$WORK/data-narthex" \
    --web.listen-address="127.0.0.1:$API_PORT"
fi
if [[ $which_servers == prometheus || $which_servers == both ]]; then
  [[ -x $PEERS/bin/prometheus ]] || bash /work/shared/compat/install_peers.sh "$PEERS"
  run_one prometheus "$PEERS/bin/prometheus" --config.file="$WORK/scrape.yml" --storage.tsdb.path="$WORK/data-prometheus" \
    --web.listen-address="127.0.0.1:$API_PORT"
fi
