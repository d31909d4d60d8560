#!/usr/bin/env bash
# Throughput of the sample app's POST /orders on loopback, in three workloads:
#   plain   no Idempotency-Key header: the filter passes the request to the handler
#   fresh   a new key on every request: the filter's fresh path (store, run, record)
#   replay  one key on every request: the stored response, the handler never runs
# It prints each workload's throughput and the processor time the app spent per request, which
# depends far less than throughput on whatever else the machine is running.
# Each workload gets a JVM of its own, started on a free port, warmed up, measured, and stopped. The
# sample keeps its orders in memory; here it keeps the newest 10 000 only (sample.orders.max-kept), so
# that a list growing by thousands of orders a second does not make the collector's work, and with it
# the handler's cost, grow through the run.
#
# Usage: benchmarks/http-load.sh            (from anywhere; builds the sample app first)
# Settings (environment): DURATION=10 WARMUP=20 ROUNDS=3 CONNECTIONS=16 THREADS=2 SKIP_BUILD=false
# JAR=<path> runs another build of the sample app (SKIP_BUILD=true skips building this one).
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SKIP_BUILD=${SKIP_BUILD:-false}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP="$ROOT/benchmarks/http"
JAR=${JAR:-"$ROOT/sample-app/target/sample-app.jar"}
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
    --sample.orders.max-kept=10000 "${APP_ARGS[@]}" --logging.level.root=WARN >"$WORK/app-$1.log" 2>&1 &
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
# measure <workload> <round>: one run of a workload in a JVM of its own
measure() {
  local workload=$1 id="$1-$2"
  workload_args "$workload"
  start_app "$id"
  run_wrk "$WARMUP" "$WORK/$id-warmup.txt" "warmup-$RUN-$2" "${ARGS[@]}"
  cpu_before=$(cpu_ticks)
  run_wrk "$DURATION" "$WORK/$id.txt" "measure-$RUN-$2" "${ARGS[@]}"
  cpu_after=$(cpu_ticks)
  ORDERS[$id]=$(curl -s "http://127.0.0.1:$PORT/orders" | grep -o '"id"' | wc -l)
  stop_app
  RPS[$id]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$WORK/$id.txt")
  P50[$id]=$(awk '$1 == "50%" {print $2}' "$WORK/$id.txt")
  P99[$id]=$(awk '$1 == "99%" {print $2}' "$WORK/$id.txt")
  ERRORS[$id]=$(awk '/Non-2xx or 3xx/ {print $NF} /Socket errors/ {print "socket:" $0}' "$WORK/$id.txt" | paste -sd' ')
  ERRORS[$id]=${ERRORS[$id]:-0}
  requests=$(awk '/requests in/ {print $1}' "$WORK/$id.txt")
  CPU[$id]=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.0f", 1e6 * t / hz / n}')
}

# The workloads take turns, so that a slow spell of the machine does not fall on one of them only.
for round in $(seq 1 "$ROUNDS"); do
  for workload in plain fresh replay; do
    measure "$workload" "$round"
  done
done

median() {
  sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo
echo "POST /orders, ${DURATION} s each after ${WARMUP} s of warm-up, wrk -t$THREADS -c$CONNECTIONS, $ROUNDS rounds," \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
printf '%-8s %6s %12s %10s %10s %9s %14s %9s %12s %12s\n' workload round "requests/s" "p50" "p99" "vs plain" \
  "app CPU µs/req" "vs plain" "non-2xx" "orders held"
for workload in plain fresh replay; do
  for round in $(seq 1 "$ROUNDS"); do
    id="$workload-$round"
    ratio=$(awk -v a="${RPS[$id]}" -v b="${RPS[plain-$round]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    cpu_ratio=$(awk -v a="${CPU[$id]}" -v b="${CPU[plain-$round]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    printf '%-8s %6s %12s %10s %10s %9s %14s %9s %12s %12s\n' "$workload" "$round" "${RPS[$id]}" "${P50[$id]}" \
      "${P99[$id]}" "$ratio" "${CPU[$id]}" "$cpu_ratio" "${ERRORS[$id]}" "${ORDERS[$id]}"
  done
done
echo
echo "Medians over the rounds (each ratio is the median of the rounds' ratios):"
printf '%-8s %12s %9s %14s %9s\n' workload "requests/s" "vs plain" "app CPU µs/req" "vs plain"
for workload in plain fresh replay; do
  rps=$(for r in $(seq 1 "$ROUNDS"); do echo "${RPS[$workload-$r]}"; done | median)
  cpu=$(for r in $(seq 1 "$ROUNDS"); do echo "${CPU[$workload-$r]}"; done | median)
  ratio=$(for r in $(seq 1 "$ROUNDS"); do
    awk -v a="${RPS[$workload-$r]}" -v b="${RPS[plain-$r]}" 'BEGIN {print 100 * a / b}'
  done | median)
  cpu_ratio=$(for r in $(seq 1 "$ROUNDS"); do
    awk -v a="${CPU[$workload-$r]}" -v b="${CPU[plain-$r]}" 'BEGIN {print 100 * a / b}'
  done | median)
  printf '%-8s %12s %8.0f%% %14s %8.0f%%\n' "$workload" "$rps" "$ratio" "$cpu" "$cpu_ratio"
done
