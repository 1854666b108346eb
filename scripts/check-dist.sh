#!/usr/bin/env bash
# Fails when dist/ is not what the build makes from the source (STYLE.md guideline 18): dist/ is
# committed because GitHub runs the action from it, so a stale or hand-edited dist/ would ship code that
# no review saw. It builds into a temporary folder and compares, so it needs no git and leaves the
# working tree alone. .ci/run and .github/workflows/check-dist.yml call it.
set -euo pipefail
cd "$(dirname "$0")/.."

fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
node scripts/build.mjs "$fresh/dist" >/dev/null

# __pycache__: bytecode a Python may have left beside the harness (git ignores it; npm leaves it out).
if ! diff -r --brief --exclude=__pycache__ dist "$fresh/dist"; then
  echo "dist/ is not what the build makes from the source. Run 'npm run build' and commit dist/." >&2
  exit 1
fi
# npx runs the package's bin through its #! line: it must be executable as committed.
if [ ! -x dist/cli.js ]; then
  echo "dist/cli.js is not executable: run 'npm run build' (or chmod +x dist/cli.js) and commit it." >&2
  exit 1
fi
echo "dist/ matches the source."
