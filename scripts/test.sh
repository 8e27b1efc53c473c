#!/usr/bin/env bash
# Install everything, then run the whole suite: checks, every test on SQLite, and the database tests
# again on the PostgreSQL server at 127.0.0.1:5432 (started here if it is not running).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=whoswatching.web.settings.test

echo "== checks"
ruff check src tests benchmarks
lint-imports
python manage.py check --settings=whoswatching.web.settings.test
python manage.py makemigrations --check --dry-run --settings=whoswatching.web.settings.test >/dev/null
whoswatching catalog check

echo "== tests on SQLite"
python -m pytest -n 2 -q "$@"

echo "== database tests on PostgreSQL"
PG_URL=${WHOSWATCHING_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
DATABASE_URL="$PG_URL" python -m pytest -n 2 -q -m django_db "$@"
