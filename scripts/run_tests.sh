#!/usr/bin/env bash
# Runs every test suite of an already-built tree (./crm test builds first) and prints one closing line
# "N passed, N failed" counting test cases across suites. Exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/test-output"
mkdir -p "$out"
passed=0
failed=0
failures=()

# Adds the counts of one suite; a suite that crashed or printed no counts is one failure.
count() {  # name pass fail exit_code
  local name=$1 p=$2 f=$3 rc=$4
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then failures+=("$name"); fi
  printf '%-40s %5d passed %5d failed\n' "$name" "$p" "$f"
}

run_doctest() {  # name command...
  local name=$1; shift
  local log="$out/$name.log"
  "$@" >"$log" 2>&1
  local rc=$?
  local line p f
  line=$(grep -E '^\[doctest\] test cases:' "$log" | tail -1)
  p=$(sed -E 's/.*\| *([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.*\| *([0-9]+) failed.*/\1/' <<<"$line")
  [[ "$p" =~ ^[0-9]+$ ]] || p=0
  [[ "$f" =~ ^[0-9]+$ ]] || f=0
  [ "$rc" -ne 0 ] && tail -c 3000 "$log" | cut -c1-300
  count "$name" "$p" "$f" "$rc"
}

run_node_tests() {  # name files...
  local name=$1; shift
  local log="$out/$name.log"
  # A hung suite (a browser left open) must not stall the run: each suite gets at most 30 minutes.
  timeout --kill-after=10 1800 node --test --test-reporter=tap "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E '^# pass ' "$log" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$log" | tail -1 | awk '{print $3}')
  [[ "$p" =~ ^[0-9]+$ ]] || p=0
  [[ "$f" =~ ^[0-9]+$ ]] || f=0
  [ "$rc" -ne 0 ] && grep -E -B2 -A20 '^not ok|^\s+not ok' "$log" | head -80
  count "$name" "$p" "$f" "$rc"
}

# 1. Layering rules (DESIGN.md section 2).
log="$out/layering.log"
if scripts/check_layers.sh >"$log" 2>&1; then count layering 1 0 0; else cat "$log"; count layering 0 1 1; fi

# 2. doctest suites, native then wasm under node.
for exe in build/native/tests/crm_*_tests; do
  [ -x "$exe" ] && run_doctest "native-$(basename "$exe")" "$exe" --no-colors=true
done
for js in build/wasm/tests/crm_*_tests.js; do
  [ -f "$js" ] && run_doctest "wasm-$(basename "$js" .js)" node --no-experimental-fetch "$js" --no-colors=true
done

# 3. node suites: interoperability with PouchDB, then the browser end-to-end tests.
export CRM_NATIVE_BUILD="$root/build/native" CRM_APP_DIR="$root/build/wasm/app" CRM_TEST_OUTPUT="$out"
interop=(tests/interop/*.test.mjs)
[ -e "${interop[0]}" ] && run_node_tests interop "${interop[@]}"
e2e=(tests/e2e/*.test.mjs)
[ -e "${e2e[0]}" ] && run_node_tests e2e --test-concurrency=1 "${e2e[@]}"
# 4. the benchmark at a tiny size: proves ./crm bench works (asserts results exist, never timings).
bench=(tests/bench/*.test.mjs)
[ -e "${bench[0]}" ] && run_node_tests bench-smoke "${bench[@]}"

[ ${#failures[@]} -gt 0 ] && echo "failing suites: ${failures[*]} (logs in test-output/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
