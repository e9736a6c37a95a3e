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

query() {  # instant query value (first result) against the running server
  curl -fsS --get "http://127.0.0.1:$API_PORT/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)'
}

run_one() {
  local name=$1; shift
  local data="$WORK/data-$name"
  rm -rf "$data"; mkdir -p "$data"
  echo "== $name: scraping for ${DURATION}s"
  "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  sleep "$DURATION"
  local cpu rss
  cpu=$(cpu_seconds "$pid")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  local win=$(( DURATION + INTERVAL ))
  local expected_scrapes=$(( TARGETS * (DURATION / INTERVAL) ))
  local ingested scrapes failed
  ingested=$(query "sum(count_over_time({__name__=\"bench_requests_total\"}[${win}s]))")
  scrapes=$(query "sum(count_over_time(up{job=\"bench\"}[${win}s]))")
  failed=$(query "sum(count_over_time((up{job=\"bench\"} == 0)[${win}s:${INTERVAL}s]))")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$name" "$cpu" "$rss" "$ingested" "$scrapes" "$failed" "$expected_scrapes" "$SERIES" <<'PY'
import sys
name, cpu, rss, ingested, scrapes, failed, expected, series = sys.argv[1:]
cpu, ingested, scrapes, expected, series = float(cpu), float(ingested), float(scrapes), int(expected), int(series)
# Samples a scrape that happened should have stored, minus what is queryable: lost in the pipeline.
lost = scrapes * series - ingested
print(f"{name}: cpu {cpu:.1f}s, {cpu / max(ingested, 1) * 1e6:.3f} cpu-s per million samples, peak RSS {int(rss) / 1024:.0f} MiB, "
      f"samples {ingested:.0f} ingested, {lost:.0f} lost, scrapes {scrapes:.0f} of ~{expected} expected, failed {failed}")
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
