#!/usr/bin/env bash
# Runs the browser client's unit tests with node's own test runner (called by Maven in the test phase).
# Without Node.js they are skipped with a message, unless CI is set: in CI they must run.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "The browser client tests need Node.js (apt-get install -y nodejs), and CI is set: failing." >&2
    exit 1
  fi
  echo "SKIPPED: the browser client tests (src/test/js) need Node.js; install it with: apt-get install -y nodejs"
  exit 0
fi
exec node --test --test-reporter=spec ./*.test.mjs
