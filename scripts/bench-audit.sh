#!/usr/bin/env bash
# Benchmark `loftgate audit` beside ripgrep on generated trees of realistic
# shape: many /v2/ strings of other APIs, deep node_modules-like folders,
# minified bundles and long lines. Prints CPU seconds and peak RSS.
#   scripts/bench-audit.sh [SCALE...]   (default: 1 4)
set -euo pipefail
bin=${BIN:-/tmp/loftgate-bench}
go build -o "$bin" ./cmd/loftgate
command -v rg >/dev/null || { echo "bench-audit: install ripgrep (apt-get install ripgrep)" >&2; exit 2; }
work=$(mktemp -d /tmp/bench-audit.XXXXXX)
trap 'rm -rf "$work"' EXIT
gen() { # gen DIR FILES WITH_PROVIDER
  local d=$1 n=$2 sl=$3
  python3 - "$d" "$n" "$sl" <<'PY'
import os, sys, random
d, n, sl = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
random.seed(7)
apis = ["https://api.github.com/v2/repos", "https://api.stripe.com/v2/charges", "/v2/internal/items", "https://hooks.slack.com/v2/x"]
for i in range(n):
    sub = os.path.join(d, "packages", f"pkg{i%40}", "src", "node_modules" if i % 7 == 0 else "lib", f"m{i%13}")
    os.makedirs(sub, exist_ok=True)
    body = []
    for j in range(120):
        body.append(f"export async function f{j}(id: string) {{ return fetch(`{random.choice(apis)}/${{id}}`); }}")
    if i % 50 == 0:
        body.append("const bundle=" + ";".join(f"var a{k}=function(){{return '{random.choice(apis)}'}}" for k in range(800)))
    open(os.path.join(sub, f"f{i}.ts"), "w").write("\n".join(body) + "\n")
if sl:
    p = os.path.join(d, "packages", "crm", "src")
    os.makedirs(p, exist_ok=True)
    open(os.path.join(p, "salesloft.ts"), "w").write(
        "import axios from 'axios';\nconst BASE = 'https://api.salesloft.com/v2';\n"
        "export class SalesloftProvider {\n  list() { return axios.get(`${BASE}/people`); }\n"
        "  get(id: string) { return axios.get(`${BASE}/people/${id}`); }\n}\n")
    open(os.path.join(p, "use.ts"), "w").write("import { SalesloftProvider } from './salesloft';\nnew SalesloftProvider().list();\n")
PY
}
measure() { # measure LABEL CMD...
  local out l=$1; shift
  local s=$(date +%s.%N); out=$(python3 -c "import resource,subprocess,sys; subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL); r=resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime, r.ru_stime, r.ru_maxrss)" "$@")
  awk -v l="$l" '{printf "%-34s cpu %.2fs  peak %.0f MB\n", l, $1+$2, $3/1024}' <<<"$out"
}
for scale in ${@:-1 4}; do
  t="$work/plain-$scale"; gen "$t" $((2000*scale)) 0
  echo "(a) tree without SalesLoft code, ${scale}x: $(du -sh "$t" | cut -f1)"
  measure "  rg -c '/v2/|salesloft'" rg -c '/v2/|salesloft' "$t"
  measure "  loftgate audit" "$bin" audit --format json --fail-on never "$t"
done
t="$work/mono"; gen "$t" 9000 1
echo "(b) TypeScript monorepo with one SalesLoft provider: $(du -sh "$t" | cut -f1)"
measure "  rg -c '/v2/|salesloft'" rg -c '/v2/|salesloft' "$t"
measure "  loftgate audit" "$bin" audit --format json --fail-on never "$t"
