#!/usr/bin/env bash
# The main job on the embedded default: install, migrate SQLite, load the bundled registers and
# catalogue, print a staff login, serve http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
WHOSWATCHING_EXTRAS=${WHOSWATCHING_EXTRAS:-dev} scripts/bootstrap.sh
export WHOSWATCHING_DATA_DIR=${WHOSWATCHING_DATA_DIR:-$PWD/var}
.venv/bin/whoswatching setup
echo "New here? In another shell run: WHOSWATCHING_DATA_DIR=$WHOSWATCHING_DATA_DIR .venv/bin/whoswatching demo  (fictional bodies, the whole loop, published at /stats/)"
echo "Serving http://127.0.0.1:${PORT:-8000}/ (Ctrl-C to stop)"
exec .venv/bin/whoswatching serve --host 127.0.0.1 --port "${PORT:-8000}"
