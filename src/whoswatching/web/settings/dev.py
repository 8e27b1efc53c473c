"""Settings for `make run` on a laptop: the embedded SQLite default, DEBUG on."""

from whoswatching.web.settings.base import *  # noqa: F401,F403
