#!/usr/bin/env python
"""Django's own built-ins only (migrate, createsuperuser, shell). Domain commands live under `whoswatching`."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whoswatching.web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
