#!/usr/bin/env bash
# Builds everything and runs the whole test suite; prints one summary line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test || exit 1
# The web console's browser test drives headless Chromium through playwright-core.
(cd tests/Siprec.EndToEnd.Tests/Browser && npm ci --no-audit --no-fund --silent) || exit 1
dotnet restore Siprec.sln --verbosity quiet || exit 1
dotnet build Siprec.sln -c Release --no-restore --verbosity quiet -nologo || exit 1
results=test-results
rm -rf "$results"; mkdir -p "$results"
# The part projects run in parallel; the end-to-end project, whose tests drive real calls and check timing, runs
# on its own afterwards so it does not compete with them for the CPU.
dotnet test Siprec.sln -c Release --no-build --verbosity quiet -nologo --filter "FullyQualifiedName!~Siprec.EndToEnd" \
  --logger "trx" --results-directory "$results" --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}
dotnet test tests/Siprec.EndToEnd.Tests -c Release --no-build --verbosity quiet -nologo \
  --logger "trx" --results-directory "$results" --blame-hang-timeout 5m "$@" 2>&1 | tee -a "$results/console.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [ -e "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); passed=$((passed + ${p:-0}))
  fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line"); failed=$((failed + ${fl:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$line"); skipped=$((skipped + ${n:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
