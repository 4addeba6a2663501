#!/usr/bin/env bash
# axe-core (pinned in tests/e2e/axe/package.json) for the accessibility browser test, installed
# from npm into tests/e2e/axe/node_modules (not committed). Needs node and npm (scripts/system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../tests/e2e/axe"
if [ -f node_modules/axe-core/axe.min.js ] && grep -q "\"version\": \"$(node -p 'require("./package.json").dependencies["axe-core"]')\"" node_modules/axe-core/package.json; then
  exit 0
fi
npm install --no-audit --no-fund --no-save --loglevel=error
