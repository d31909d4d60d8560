#!/usr/bin/env bash
# Throughput of the sample app's POST /orders on loopback, in three workloads:
#   plain   no Idempotency-Key header: the filter passes the request to the handler
#   fresh   a new key on every request: the filter's fresh path (store, run, record)
#   replay  one key on every request: the stored response, the handler never runs
# It prints each workload's throughput and the processor time the app spent per request, which
# depends far less than throughput on whatever else the machine is running.
# Each workload gets a JVM of its own, started on a free port, warmed up, measured, and stopped, so
# that the orders the sample keeps in memory (every created order, never removed) start from zero
# each time and no run is longer than WARMUP + DURATION seconds.
#
# Usage: benchmarks/http-load.sh            (from anywhere; builds the sample app first)
# Settings (environment): DURATION=10 WARMUP=20 CONNECTIONS=16 THREADS=2 SKIP_BUILD=false
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SKIP_BUILD=${SKIP_BUILD:-false}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP="$ROOT/benchmarks/http"
JAR="$ROOT/sample-app/target/sample-app.jar"
WORK=$(mktemp -d)
APP_PID=""

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
trap 'stop_app; rm -rf "$WORK"' EXIT

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null
  else
    echo "wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk" >&2
    exit 1
  fi
fi

if [[ "$SKIP_BUILD" != true ]]; then
  (cd "$ROOT" && mvn -q -pl sample-app -am package -DskipTests)
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts the sample app with the memory store, every order path optional (so that a request
# without the header reaches the handler), and waits until it answers.
start_app() {
  PORT=$(free_port)
  java -Xms1g -Xmx1g -jar "$JAR" \
    --server.address=127.0.0.1 --server.port="$PORT" \
    --idempotency.store.type=memory --idempotency.web.required-paths= \
    "${APP_ARGS[@]}" --logging.level.root=WARN >"$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/orders"; then
      return
    fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "the sample app did not start:" >&2
      cat "$WORK/app-$1.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "the sample app did not answer within 60 s" >&2
  exit 1
}

# run_wrk <seconds> <output> <key nonce> <wrk arguments...>
run_wrk() {
  local seconds=$1 output=$2 nonce=$3
  shift 3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "http://127.0.0.1:$PORT/orders" -- "$nonce" \
    >"$output"
}

# The processor time the app has used so far, user and system, in clock ticks: the app's cost per
# request, which other load on the machine changes far less than its throughput.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$APP_PID/stat"
}

# Sets ARGS to the wrk arguments of a workload, and APP_ARGS to the app's. The fresh workload keeps
# each response for 5 s rather than 24 h: at its rate a day's records would fill the memory store
# (200 000 records) within seconds and later requests would be refused, while a store in service
# holds at most that many; 5 s keeps about half as many live records as a full store.
workload_args() {
  APP_ARGS=()
  case $1 in
    plain) ARGS=(-s "$HTTP/post-order.lua") ;;
    fresh)
      ARGS=(-s "$HTTP/fresh-keys.lua")
      APP_ARGS=(--idempotency.retention=5s)
      ;;
    replay) ARGS=(-s "$HTTP/post-order.lua" -H "Idempotency-Key: replay-$RUN") ;;
  esac
}

RUN=$(date +%s)-$$
declare -A RPS P50 P99 ERRORS ORDERS CPU
for workload in plain fresh replay; do
  workload_args "$workload"
  start_app "$workload"
  run_wrk "$WARMUP" "$WORK/$workload-warmup.txt" "warmup-$RUN" "${ARGS[@]}"
  cpu_before=$(cpu_ticks)
  run_wrk "$DURATION" "$WORK/$workload.txt" "measure-$RUN" "${ARGS[@]}"
  cpu_after=$(cpu_ticks)
  ORDERS[$workload]=$(curl -s "http://127.0.0.1:$PORT/orders" | grep -o '"id"' | wc -l)
  stop_app
  RPS[$workload]=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$workload.txt")
  P50[$workload]=$(awk '$1 == "50%" {print $2}' "$WORK/$workload.txt")
  P99[$workload]=$(awk '$1 == "99%" {print $2}' "$WORK/$workload.txt")
  ERRORS[$workload]=$(awk '/Non-2xx or 3xx/ {print $NF} /Socket errors/ {print "socket:" $0}' "$WORK/$workload.txt" | paste -sd' ')
  ERRORS[$workload]=${ERRORS[$workload]:-0}
  requests=$(awk '/requests in/ {print $1}' "$WORK/$workload.txt")
  CPU[$workload]=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.0f", 1e6 * t / hz / n}')
done

echo
echo "POST /orders, ${DURATION} s each after ${WARMUP} s of warm-up, wrk -t$THREADS -c$CONNECTIONS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %12s %10s %10s %9s %14s %9s %12s %14s\n' workload "requests/s" "p50" "p99" "vs plain" \
  "app CPU µs/req" "vs plain" "non-2xx" "orders held"
for workload in plain fresh replay; do
  ratio=$(awk -v a="${RPS[$workload]}" -v b="${RPS[plain]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  cpu_ratio=$(awk -v a="${CPU[$workload]}" -v b="${CPU[plain]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf '%-8s %12s %10s %10s %9s %14s %9s %12s %14s\n' "$workload" "${RPS[$workload]}" "${P50[$workload]}" \
    "${P99[$workload]}" "$ratio" "${CPU[$workload]}" "$cpu_ratio" "${ERRORS[$workload]}" "${ORDERS[$workload]}"
done
