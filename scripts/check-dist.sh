#!/usr/bin/env bash
# Fails when dist/ is not what `npm run build` makes from the source (STYLE.md guideline 18): dist/ is
# committed because GitHub runs the action from it, so a stale or hand-edited dist/ would ship code that
# no review saw. Run from anywhere; .ci/run and .github/workflows/check-dist.yml call it.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build

# --porcelain also catches files the build adds or no longer makes, which `git diff` alone misses.
changes="$(git status --porcelain --untracked-files=all -- dist/)"
if [ -n "$changes" ]; then
  echo "dist/ is not what the build makes from the source. Run 'npm run build' and commit dist/." >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- dist/ >&2 || true
  exit 1
fi
echo "dist/ matches the source."
