#!/usr/bin/env bash
# Every test: type check, lint (ESLint with type information), format check (Prettier), import cycles
# (dpdm, type-only imports included), unit + integration (embedded PGlite, and the PostgreSQL server
# when DATABASE_URL is set), then a production build and the Playwright suite in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
start=$(date +%s)

echo "== type check"
npx tsc --noEmit

echo "== lint"
npm run --silent lint

echo "== format"
npm run --silent format:check

echo "== cycles"
npm run --silent cycles

echo "== unit + integration tests (database kinds: embedded${DATABASE_URL:+ + server})"
npx vitest run

echo "== build"
npx next build > .data-build.log 2>&1 || { cat .data-build.log; exit 1; }
tail -n 5 .data-build.log; rm -f .data-build.log

echo "== browser tests"
mkdir -p e2e/screenshots
E2E_DATA_DIR="$(mktemp -d)/data" npx playwright test

echo "== all tests passed in $(( $(date +%s) - start )) s"
