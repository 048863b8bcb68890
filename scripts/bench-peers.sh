#!/usr/bin/env bash
# bench-peers.sh — throughput of `loftgate serve` (replay with contract
# validation) beside the peer a user would otherwise pick, the Prism mock
# (@stoplight/prism-cli 5.14.2, the last release for Node 20), both serving
# contracts/salesloft-v2.yaml, measured with wrk on GET /v2/me.
#
# Not part of the tests (`make bench-peers`). Loopback only; every run is
# bounded (wrk -d, readiness waits); the servers it starts are stopped by
# their process ids on exit.
#
# Environment:
#   DURATION (10s) THREADS (2) CONNS (50)   wrk settings
#   LOFT_PORT (18080) PRISM_PORT (18081)    loopback ports
#   FIXTURES (scripts/bench/fixtures)       what loftgate serves
#   LOFTGATE_BIN                            use this binary instead of building one
#   PRISM_PREFIX                            reuse an npm prefix holding prism-cli
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-50}
LOFT_PORT=${LOFT_PORT:-18080}
PRISM_PORT=${PRISM_PORT:-18081}
FIXTURES=${FIXTURES:-scripts/bench/fixtures}
PRISM_VERSION=5.14.2
CONTRACT=contracts/salesloft-v2.yaml
TOKEN="Authorization: Bearer redacted-access-token-1"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say() { printf 'bench-peers: %s\n' "$*" >&2; }

# wait_ready URL TRIES: poll until the server answers, at most TRIES * 0.25 s.
wait_ready() {
  local url=$1 tries=$2 i
  for ((i = 0; i < tries; i++)); do
    if curl -s -o /dev/null -H "$TOKEN" "$url"; then
      return 0
    fi
    sleep 0.25
  done
  say "no answer from $url after $((tries / 4)) s"
  return 1
}

# 1. loftgate
if [[ -n "${LOFTGATE_BIN:-}" ]]; then
  LOFTGATE=$LOFTGATE_BIN
else
  say "building bin/loftgate"
  go build -o bin/loftgate ./cmd/loftgate
  LOFTGATE=bin/loftgate
fi

# 2. wrk
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq wrk >/dev/null
fi

# 3. Prism
PRISM_PREFIX=${PRISM_PREFIX:-$WORK/prism}
PRISM=$PRISM_PREFIX/node_modules/.bin/prism
if [[ ! -x "$PRISM" ]]; then
  say "installing @stoplight/prism-cli@$PRISM_VERSION into $PRISM_PREFIX"
  npm install --silent --no-audit --no-fund --prefix "$PRISM_PREFIX" "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
fi

# 4. Start both servers on loopback.
"$LOFTGATE" serve --fixtures "$FIXTURES" --addr "127.0.0.1:$LOFT_PORT" >"$WORK/loftgate.log" 2>&1 &
PIDS+=($!)
"$PRISM" mock -h 127.0.0.1 -p "$PRISM_PORT" "$CONTRACT" >"$WORK/prism.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$LOFT_PORT/v2/me" 40 || { cat "$WORK/loftgate.log" >&2; exit 1; }
wait_ready "http://127.0.0.1:$PRISM_PORT/v2/me" 240 || { cat "$WORK/prism.log" >&2; exit 1; }

for port in "$LOFT_PORT" "$PRISM_PORT"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$TOKEN" "http://127.0.0.1:$port/v2/me")
  if [[ "$code" != 200 ]]; then
    say "GET /v2/me on port $port answers $code, not 200; the figures would not compare like with like"
    exit 1
  fi
done

# 5. Measure.
# run_wrk NAME PORT: one bounded wrk run; prints "req/s avg p99 non2xx".
run_wrk() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$TOKEN" "http://127.0.0.1:$2/v2/me")
  printf '%s\n' "$out" >"$WORK/$1.wrk"
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^    Latency/ { avg = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non = $5 }
    /Socket errors:/ { err = $0 }
    END { printf "%s %s %s %s\n", rps, avg, p99, (non == "" ? 0 : non) }
  ' <<<"$out"
}

say "wrk -t$THREADS -c$CONNS -d$DURATION GET /v2/me on each server"
read -r L_RPS L_AVG L_P99 L_NON < <(run_wrk loftgate "$LOFT_PORT")
read -r P_RPS P_AVG P_P99 P_NON < <(run_wrk prism "$PRISM_PORT")

CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
printf '\nGET /v2/me, wrk -t%s -c%s -d%s, loopback, %s cores (%s)\n\n' "$THREADS" "$CONNS" "$DURATION" "$(nproc)" "$CPU"
printf '| %-40s | %12s | %10s | %10s | %8s |\n' "server" "requests/s" "avg" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------------" "--------------" "------------" "------------" "----------"
printf '| %-40s | %12s | %10s | %10s | %8s |\n' "loftgate serve (replay + validation)" "$L_RPS" "$L_AVG" "$L_P99" "$L_NON"
printf '| %-40s | %12s | %10s | %10s | %8s |\n' "prism mock $PRISM_VERSION" "$P_RPS" "$P_AVG" "$P_P99" "$P_NON"
awk -v l="$L_RPS" -v p="$P_RPS" 'BEGIN { if (p > 0) printf "\nloftgate / prism: %.1fx\n", l / p }'
if [[ "$L_NON" != 0 ]]; then
  say "loftgate answered $L_NON non-2xx responses: serve must repeat the last recorded answer (replay.ExhaustRepeatLast)"
  exit 1
fi
