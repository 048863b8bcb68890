#!/usr/bin/env bash
# bench-audit.sh: throughput and peak memory of `loftgate audit` against grep -rE and ripgrep
# over the same generated tree of mixed source (Go, TS, Python, Ruby, Java with SalesLoft calls
# sprinkled in). Usage: [RUNS=5] scripts/bench-audit.sh [SIZE_MB]   (default 200; a quarter-size
# tree is also scanned to show that memory does not grow with the tree). Times are medians of RUNS
# rounds; each round runs every tool once, in turn.
set -euo pipefail
export LC_NUMERIC=C # a decimal point in $EPOCHREALTIME

size_mb="${1:-200}"
small_mb=$(( size_mb / 4 ))
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-audit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
	echo "bench-audit: /usr/bin/time is required (apt-get install time)" >&2
	exit 2
fi
if ! command -v rg >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench-audit: installing ripgrep" >&2
		(apt-get install -y ripgrep >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y ripgrep >/dev/null 2>&1; }) || true
	fi
fi

echo "building loftgate..."
(cd "$repo" && go build -o "$work/loftgate" ./cmd/loftgate)

gen() { # gen DIR MB
	(cd "$repo" && go test ./harness/audit -count=1 -run '^TestWriteBenchTree$' -args -benchtree="$1" -benchsize="$2" >/dev/null)
}
echo "generating ${size_mb} MB and ${small_mb} MB trees in $work..."
gen "$work/tree" "$size_mb"
gen "$work/small" "$small_mb"

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}'; }
# Warm the page cache so every tool reads from memory.
find "$work/tree" "$work/small" -type f -exec cat {} + >/dev/null

pattern='[Ss]ales[Ll]oft|SALESLOFT|v2/'

runs="${RUNS:-5}"
audit=("$work/loftgate" audit)
audit_flags=(--format json --fail-on never)

# run_once OUT CMD... : runs CMD once and appends "wall_ms peak_rss_kb" to OUT. The wall time
# is taken with bash's microsecond clock around /usr/bin/time (whose own %e has only 10 ms
# resolution); /usr/bin/time gives the peak RSS.
run_once() {
	local out="$1"; shift
	local start end secs rss
	start=$EPOCHREALTIME
	# grep and rg exit 1 when nothing matches; loftgate --fail-on never exits 0.
	/usr/bin/time -f '%M' -o "$work/time.out" "$@" >/dev/null 2>&1 || true
	end=$EPOCHREALTIME
	rss=$(tail -n 1 "$work/time.out")
	awk -v s="$start" -v e="$end" -v r="$rss" 'BEGIN { printf "%.1f %d\n", (e - s) * 1000, r }' >>"$out"
}

# report NAME TREE OUT : median wall time of the runs in OUT, MB/s and the largest peak RSS:
# "name  seconds  MB/s  peakRSS_MB"; the median (ms) is also left in $work/NAME.median.
report() {
	local name="$1" tree="$2" out="$3" ms rss mb
	ms=$(sort -n "$out" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	rss=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$out")
	mb=$(awk -v b="$(bytes_of "$tree")" 'BEGIN { printf "%.1f", b / 1048576 }')
	awk -v n="$name" -v ms="$ms" -v r="$rss" -v m="$mb" -v runs="$runs" 'BEGIN {
		s = ms / 1000; if (s <= 0) s = 0.001
		printf "%-26s %6.3f s  %8.1f MB/s  %7.1f MB peak RSS  (%s MB, median of %d runs)\n", n, s, m / s, r / 1024, m, runs }'
	echo "$ms" >"$work/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_').median"
}

have_rg=0
command -v rg >/dev/null 2>&1 && have_rg=1

echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "each round runs every tool once, in turn, so that load from elsewhere falls on all of them"
echo
: >"$work/audit.runs"; : >"$work/grep.runs"; : >"$work/rg.runs"
for _ in $(seq "$runs"); do
	run_once "$work/audit.runs" "${audit[@]}" "$work/tree" "${audit_flags[@]}"
	run_once "$work/grep.runs" grep -rE "$pattern" "$work/tree"
	if [ "$have_rg" = 1 ]; then
		run_once "$work/rg.runs" rg --no-ignore --hidden -e "$pattern" "$work/tree"
	fi
done
report "loftgate audit" "$work/tree" "$work/audit.runs"
report "grep -rE" "$work/tree" "$work/grep.runs"
if [ "$have_rg" = 1 ]; then
	report "rg" "$work/tree" "$work/rg.runs"
	awk -v a="$(cat "$work/loftgate_audit.median")" -v r="$(cat "$work/rg.median")" 'BEGIN {
		if (r <= 0) r = 0.001; printf "\nloftgate audit / ripgrep time: %.2fx (goal: within 2x)\n", a / r }'
	# The ratio within each round, whose two runs saw the same load.
	paste -d ' ' "$work/audit.runs" "$work/rg.runs" | awk '{ print $1 / ($3 > 0 ? $3 : 0.001) }' | sort -n |
		awk '{ a[NR] = $1 } END { printf "per round: best %.2fx, median %.2fx, worst %.2fx\n", a[1], a[int((NR + 1) / 2)], a[NR] }'
else
	echo "rg: not installed (apt-get install ripgrep)"
fi
echo
echo "memory in tree size (goal: flat):"
: >"$work/small.runs"; : >"$work/full.runs"
for _ in $(seq "$runs"); do
	run_once "$work/small.runs" "${audit[@]}" "$work/small" "${audit_flags[@]}"
	run_once "$work/full.runs" "${audit[@]}" "$work/tree" "${audit_flags[@]}"
done
report "loftgate audit (1/4 tree)" "$work/small" "$work/small.runs"
report "loftgate audit (full)" "$work/tree" "$work/full.runs"
