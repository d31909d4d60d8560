#!/usr/bin/env bash
# Throughput of the sample app's order endpoint on loopback, in interleaved rounds of these workloads:
#   plain                no idempotency at all: POST /orders without a key reaches the handler
#   filter-fresh-<store>  POST /orders, a new Idempotency-Key on every request: the filter's fresh path
#   filter-replay-<store> POST /orders, one Idempotency-Key on every request: the filter replays
#   annot-fresh-<store>   POST /orders/by-request-id, a new Request-Id on every request: @Idempotent
#   annot-replay-<store>  POST /orders/by-request-id, one Request-Id on every request: @Idempotent replays
# for the stores in STORES (memory and redis). It prints each workload's throughput, its ratio to the
# plain handler in the same round, p50/p99 latency and the processor time the app spent per request,
# which depends far less than throughput on whatever else the machine is running; for Redis also the
# commands the server executed per request (INFO commandstats, script-internal calls included) and
# the server's time per request: the commands' own time (commandstats usec, as a script's time
# includes its calls, both are summed, which is how such figures are usually quoted) and its
# processor time (INFO cpu, network included).
# Each workload gets a JVM of its own, started on a free port, warmed up, measured, and stopped. The
# sample keeps its orders in memory; here it keeps the newest 10 000 only (sample.orders.max-kept), so
# that a list growing by thousands of orders a second does not make the collector's work, and with it
# the handler's cost, grow through the run.
# Redis: a private redis-server on a free port, started and stopped by this script, so that nothing
# else counts in its statistics (REDIS_PORT=<port> uses a running server instead; its statistics are
# reset).
#
# Warm-up lasts until the JIT has settled: at least WARMUP seconds of load, then 5 s more at a time
# until the JIT compiled fewer than SETTLED methods in the last 5 s (jstat, from the JDK that runs the
# app), at most WARMUP_MAX seconds in all. On two cores shared with wrk the JIT can take minutes, and
# a run measured while it still compiles measures the compiler.
# PROFILER=<path to libasyncProfiler.so> profiles each measured run (async-profiler, cpu, every 1 ms,
# attached through the JDK's attach API) into PROFILES/<workload>-<round>.collapsed.
#
# Usage: benchmarks/http-load.sh            (from anywhere; builds the sample app first)
# Settings (environment): DURATION=10 WARMUP=20 WARMUP_MAX=240 SETTLED=20 ROUNDS=3 CONNECTIONS=16
#   THREADS=2 SKIP_BUILD=false STORES="memory redis" REDIS_PORT=<port> JAR=<path> (another build of the
#   sample app; SKIP_BUILD=true skips building this one) PROFILER=<path> PROFILES=benchmarks/target/profiles.
#   A quick check that everything works: DURATION=2 WARMUP=2 WARMUP_MAX=2 ROUNDS=1.
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
WARMUP_MAX=${WARMUP_MAX:-240}
SETTLED=${SETTLED:-20}
PROFILER=${PROFILER:-}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SKIP_BUILD=${SKIP_BUILD:-false}
STORES=${STORES:-memory redis}
REDIS_PORT=${REDIS_PORT:-}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP="$ROOT/benchmarks/http"
JAR=${JAR:-"$ROOT/sample-app/target/sample-app.jar"}
PROFILES=${PROFILES:-"$ROOT/benchmarks/target/profiles"}
JDK_BIN=$(dirname "$(readlink -f "$(command -v java)")")
WORK=$(mktemp -d)
APP_PID=""
REDIS_PID=""

stop_redis() {
  if [[ -n "$REDIS_PID" ]] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill "$REDIS_PID"
    wait "$REDIS_PID" 2>/dev/null || true
  fi
}

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
trap 'stop_app; stop_redis; rm -rf "$WORK"' EXIT

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

if [[ " $STORES " == *" redis "* ]]; then
  if [[ -z "$REDIS_PORT" ]]; then
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
    REDIS_PID=$!
  fi
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null
fi

# Starts the sample app on a store, every order path optional (so that a request without the header
# reaches the handler), and waits until it answers.
start_app() {
  PORT=$(free_port)
  local store_args=(--idempotency.store.type=memory)
  if [[ $STORE == redis ]]; then
    store_args=(--spring.profiles.active=redis --spring.data.redis.port="$REDIS_PORT")
  fi
  java -Xms1g -Xmx1g -jar "$JAR" \
    --server.address=127.0.0.1 --server.port="$PORT" \
    "${store_args[@]}" --idempotency.web.required-paths= \
    --sample.orders.max-kept=10000 "${APP_ARGS[@]}" --logging.level.root=WARN >"$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 480); do
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
  echo "the sample app did not answer within 240 s" >&2
  exit 1
}

# run_wrk <seconds> <output> <key nonce> <wrk arguments...>
run_wrk() {
  local seconds=$1 output=$2 nonce=$3
  shift 3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "http://127.0.0.1:$PORT$URL_PATH" \
    -- "$nonce" "$KEY_HEADER" >"$output"
}

# How many methods the JIT has compiled in the app so far.
compiled() {
  "$JDK_BIN/jstat" -compiler "$APP_PID" | awk 'NR == 2 {print $1}'
}

# warm_up <id> <nonce> <wrk arguments...>: load until the JIT has settled (see the top of this file).
warm_up() {
  local id=$1 nonce=$2 waited=$WARMUP before after
  shift 2
  run_wrk "$WARMUP" "$WORK/$id-warmup.txt" "$nonce" "$@"
  after=$(compiled)
  while ((waited < WARMUP_MAX)); do
    before=$after
    run_wrk 5 "$WORK/$id-warmup.txt" "$nonce-$waited" "$@"
    waited=$((waited + 5))
    after=$(compiled)
    ((after - before < SETTLED)) && break
  done
  WARMED[$id]=$waited
}

# profiler <options>: async-profiler in the app, loaded through the attach API.
profiler() {
  "$JDK_BIN/java" "$HTTP/AttachProfiler.java" "$APP_PID" "$PROFILER" "$1"
}

redis_info() {
  redis-cli -p "$REDIS_PORT" info "$1" | tr -d '\r'
}

# The Redis server's processor time so far, user and system, in seconds.
redis_cpu() {
  redis_info cpu | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.6f", s}'
}

# The processor time the app has used so far, user and system, in clock ticks: the app's cost per
# request, which other load on the machine changes far less than its throughput.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$APP_PID/stat"
}

# Sets STORE, URL_PATH, KEY_HEADER, ARGS (wrk) and APP_ARGS (the app) for a workload. The fresh
# workloads keep each response for 5 s rather than 24 h: at their rate a day's records would fill the
# memory store (200 000 records) within seconds and later requests would be refused, while a store in
# service holds at most that many; 5 s keeps about half as many live records as a full store.
workload_args() {
  local kind=${1%-*}
  STORE=${1##*-}
  APP_ARGS=()
  URL_PATH=/orders
  KEY_HEADER=Idempotency-Key
  [[ $1 == plain ]] && STORE=memory && kind=plain
  [[ $kind == annot-* ]] && URL_PATH=/orders/by-request-id && KEY_HEADER=Request-Id
  case $kind in
    plain) ARGS=(-s "$HTTP/post-order.lua") ;;
    *-fresh)
      ARGS=(-s "$HTTP/fresh-keys.lua")
      APP_ARGS=(--idempotency.retention=5s)
      ;;
    *-replay) ARGS=(-s "$HTTP/post-order.lua" -H "$KEY_HEADER: replay-$RUN") ;;
  esac
}

WORKLOADS=(plain)
for store in $STORES; do
  WORKLOADS+=("filter-fresh-$store" "filter-replay-$store" "annot-fresh-$store" "annot-replay-$store")
done

RUN=$(date +%s)-$$
declare -A RPS P50 P99 ERRORS ORDERS CPU RCMD RUSEC RCPU WARMED
# measure <workload> <round>: one run of a workload in a JVM of its own
measure() {
  local workload=$1 id="$1-$2"
  workload_args "$workload"
  start_app "$id"
  if [[ $workload == *-replay-* ]]; then
    # The first request of the key runs the handler; wrk's 16 connections would otherwise race it
    # and be answered 409 until it is done.
    curl -s -o /dev/null -X POST -H "Content-Type: application/json" -H "$KEY_HEADER: replay-$RUN" \
      -d '{"item":"book","quantity":1}' "http://127.0.0.1:$PORT$URL_PATH"
  fi
  warm_up "$id" "warmup-$RUN-$2" "${ARGS[@]}"
  if [[ $STORE == redis ]]; then
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    redis_cpu_before=$(redis_cpu)
  fi
  [[ -n "$PROFILER" ]] && profiler start,event=cpu,interval=1ms
  cpu_before=$(cpu_ticks)
  run_wrk "$DURATION" "$WORK/$id.txt" "measure-$RUN-$2" "${ARGS[@]}"
  cpu_after=$(cpu_ticks)
  [[ -n "$PROFILER" ]] && mkdir -p "$PROFILES" && profiler "stop,file=$PROFILES/$id.collapsed,collapsed"
  if [[ $STORE == redis ]]; then
    redis_cpu_after=$(redis_cpu)
    # Every command but those of this script (info, config) and of redis-cli starting (command).
    redis_info commandstats | awk -F'[:=,]' '/^cmdstat_/ && $1 !~ /cmdstat_(info|config|command)/ {
      calls += $3; usec += $5 } END {print calls, usec}' >"$WORK/$id-redis.txt"
  fi
  ORDERS[$id]=$(curl -s "http://127.0.0.1:$PORT/orders" | grep -o '"id"' | wc -l || true)
  stop_app
  RPS[$id]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$WORK/$id.txt")
  P50[$id]=$(awk '$1 == "50%" {print $2}' "$WORK/$id.txt")
  P99[$id]=$(awk '$1 == "99%" {print $2}' "$WORK/$id.txt")
  ERRORS[$id]=$(awk '/Non-2xx or 3xx/ {print $NF} /Socket errors/ {print "socket:" $0}' "$WORK/$id.txt" | paste -sd' ')
  ERRORS[$id]=${ERRORS[$id]:-0}
  requests=$(awk '/requests in/ {print $1}' "$WORK/$id.txt")
  CPU[$id]=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.0f", 1e6 * t / hz / n}')
  RCMD[$id]=-; RUSEC[$id]=-; RCPU[$id]=-
  if [[ $STORE == redis ]]; then
    read -r calls usec <"$WORK/$id-redis.txt"
    RCMD[$id]=$(awk -v c="$calls" -v n="$requests" 'BEGIN {printf "%.1f", c / n}')
    RUSEC[$id]=$(awk -v u="$usec" -v n="$requests" 'BEGIN {printf "%.1f", u / n}')
    RCPU[$id]=$(awk -v a="$redis_cpu_before" -v b="$redis_cpu_after" -v n="$requests" \
      'BEGIN {printf "%.1f", 1e6 * (b - a) / n}')
  fi
}

# The workloads take turns, so that a slow spell of the machine does not fall on one of them only.
for round in $(seq 1 "$ROUNDS"); do
  for workload in "${WORKLOADS[@]}"; do
    measure "$workload" "$round"
  done
done

# wrk's latencies (812.00us, 1.20ms, 2.01s) in microseconds.
to_micros() {
  awk '{v = $1 + 0; if ($1 ~ /ms$/) v *= 1000; else if ($1 ~ /[0-9]s$/) v *= 1000000; printf "%.0f\n", v}'
}

median() {
  sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo
echo "POST an order, ${DURATION} s each after ${WARMUP} to ${WARMUP_MAX} s of warm-up (column warm), wrk -t$THREADS -c$CONNECTIONS, $ROUNDS rounds," \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
FORMAT='%-20s %5s %5s %10s %9s %9s %8s %9s %8s %8s %7s %10s %9s %8s\n'
printf "$FORMAT" workload round warm "req/s" p50 p99 "vs plain" "app µs/req" "vs plain" "non-2xx" orders "redis cmd" "redis µs" \
  "redis CPU"
for workload in "${WORKLOADS[@]}"; do
  for round in $(seq 1 "$ROUNDS"); do
    id="$workload-$round"
    ratio=$(awk -v a="${RPS[$id]}" -v b="${RPS[plain-$round]}" 'BEGIN {printf "%.2f", a / b}')
    cpu_ratio=$(awk -v a="${CPU[$id]}" -v b="${CPU[plain-$round]}" 'BEGIN {printf "%.2f", a / b}')
    printf "$FORMAT" "$workload" "$round" "${WARMED[$id]}s" "${RPS[$id]}" "${P50[$id]}" "${P99[$id]}" "$ratio" "${CPU[$id]}" \
      "$cpu_ratio" "${ERRORS[$id]}" "${ORDERS[$id]}" "${RCMD[$id]}" "${RUSEC[$id]}" "${RCPU[$id]}"
  done
done
echo
echo "Medians over the rounds (each ratio is the median of the rounds' ratios; Redis figures per request):"
FORMAT='%-20s %10s %9s %9s %9s %11s %9s %10s %9s %9s\n'
printf "$FORMAT" workload "req/s" "vs plain" p50 p99 "app µs/req" "vs plain" "redis cmd" "redis µs" "redis CPU"
per_round() {
  local -n values=$1
  local workload=$2
  for r in $(seq 1 "$ROUNDS"); do
    echo "${values[$workload-$r]}"
  done | median
}
for workload in "${WORKLOADS[@]}"; do
  ratio=$(for r in $(seq 1 "$ROUNDS"); do
    awk -v a="${RPS[$workload-$r]}" -v b="${RPS[plain-$r]}" 'BEGIN {print a / b}'
  done | median)
  cpu_ratio=$(for r in $(seq 1 "$ROUNDS"); do
    awk -v a="${CPU[$workload-$r]}" -v b="${CPU[plain-$r]}" 'BEGIN {print a / b}'
  done | median)
  p50=$(for r in $(seq 1 "$ROUNDS"); do echo "${P50[$workload-$r]}"; done | to_micros | median)
  p99=$(for r in $(seq 1 "$ROUNDS"); do echo "${P99[$workload-$r]}"; done | to_micros | median)
  redis=(- - -)
  if [[ $workload == *-redis ]]; then
    redis=("$(per_round RCMD "$workload")" "$(per_round RUSEC "$workload")" "$(per_round RCPU "$workload")")
  fi
  printf "$FORMAT" "$workload" "$(per_round RPS "$workload")" "$(printf %.2f "$ratio")" "${p50}us" "${p99}us" \
    "$(per_round CPU "$workload")" "$(printf %.2f "$cpu_ratio")" "${redis[@]}"
done
