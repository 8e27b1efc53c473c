"""Django settings for worker subprocesses started by the crash tests: the test's own database.

The crash tests run the real ``whoswatching outbox send`` in a child process; it must see the test
database pytest-django created (a file for SQLite, the ``test_*`` database for PostgreSQL), passed
as JSON in ``WW_OUTBOX_TEST_DB``.
"""

import json
import os

from whoswatching.web.settings.base import *  # noqa: F401,F403

DATABASES = {"default": json.loads(os.environ["WW_OUTBOX_TEST_DB"])}
