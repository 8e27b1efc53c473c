#!/usr/bin/env bash
# Run every benchmark under benchmarks/ and print each figure beside its baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
python -m benchmarks "$@"
