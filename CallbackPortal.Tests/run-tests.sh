#!/usr/bin/env bash
# Runs every test of CallbackPortal on a fresh Debian machine with the .NET SDK:
# installs what the tests need (Debian's chromium for the browser tests, postgresql for the scale-out tests) when it
# is missing, starts a throwaway PostgreSQL on loopback,
# then prints one closing line "N passed, N failed" and fails when no test ran.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Engine").
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# The scale-out tests need a PostgreSQL server: a throwaway cluster on loopback (installed from Debian's packages when missing).
CALLBACKPORTAL_TEST_POSTGRES="$(bash CallbackPortal.Tests/postgres.sh | tail -n 1)"
export CALLBACKPORTAL_TEST_POSTGRES

# CALLBACKPORTAL_TEST_RESULTS=DIR keeps the results (results.trx, with every test's duration) in DIR.
if [ -n "${CALLBACKPORTAL_TEST_RESULTS:-}" ]; then
  results="$CALLBACKPORTAL_TEST_RESULTS"
  mkdir -p "$results"
else
  results="$(mktemp -d)"
  trap 'rm -rf "$results"' EXIT
fi
set +e
dotnet test CallbackPortal.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
set -e

trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -z "$trx" ]; then
  echo "0 passed, 0 failed"
  echo "No test results were written (the build failed?)." >&2
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed="$(count passed)"; failed="$(count failed)"; executed="$(count executed)"
# The slowest tests, to keep the suite well under its time budget.
echo "Slowest tests:"
grep -o '<UnitTestResult [^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*duration="\([^"]*\)".*/\2 \1/p' | sort -r | head -n 12 | sed 's/^/  /' || true
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${executed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
