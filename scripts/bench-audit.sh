#!/usr/bin/env bash
# bench-audit.sh: throughput and peak memory of `loftgate audit` against grep -rE and ripgrep
# over the same generated tree of mixed source (Go, TS, Python, Ruby, Java with SalesLoft calls
# sprinkled in). Usage: scripts/bench-audit.sh [SIZE_MB]   (default 200; a quarter-size tree is
# also scanned to show that memory does not grow with the tree)
set -euo pipefail

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

# measure NAME TREE CMD... : runs CMD $runs times and prints the median wall time, MB/s and the
# largest peak RSS: "name  seconds  MB/s  peakRSS_MB"
measure() {
	local name="$1" tree="$2"; shift 2
	local out="$work/time.out" times=() rss=0 r secs
	for _ in $(seq "$runs"); do
		# grep and rg exit 1 when nothing matches; loftgate --fail-on never exits 0.
		/usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
		read -r secs r <"$out"
		times+=("$secs")
		[ "$r" -gt "$rss" ] && rss="$r"
	done
	secs=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	local mb
	mb=$(awk -v b="$(bytes_of "$tree")" 'BEGIN{printf "%.1f", b/1048576}')
	awk -v n="$name" -v s="$secs" -v r="$rss" -v m="$mb" 'BEGIN{
		if (s <= 0) s = 0.01
		printf "%-26s %6.2f s  %8.1f MB/s  %7.1f MB peak RSS  (%s MB, median of '"$runs"' runs)\n", n, s, m/s, r/1024, m }'
	echo "$secs" >"$work/last.secs"
}

echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo
measure "loftgate audit" "$work/tree" "$work/loftgate" audit "$work/tree" --format json --fail-on never
audit_s=$(cat "$work/last.secs")
measure "grep -rE" "$work/tree" grep -rE "$pattern" "$work/tree"
if command -v rg >/dev/null 2>&1; then
	measure "rg" "$work/tree" rg --no-ignore --hidden -e "$pattern" "$work/tree"
	rg_s=$(cat "$work/last.secs")
	awk -v a="$audit_s" -v r="$rg_s" 'BEGIN{ if (r <= 0) r = 0.01; printf "\nloftgate audit / ripgrep time: %.2fx (goal: within 2x)\n", a/r }'
else
	echo "rg: not installed (apt-get install ripgrep)"
fi
echo
echo "memory in tree size (goal: flat):"
measure "loftgate audit (1/4 tree)" "$work/small" "$work/loftgate" audit "$work/small" --format json --fail-on never
measure "loftgate audit (full)" "$work/tree" "$work/loftgate" audit "$work/tree" --format json --fail-on never
