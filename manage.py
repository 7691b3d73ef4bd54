#!/usr/bin/env python
"""Django's command-line utility for TOEX Recruit."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toex_recruit.settings.base")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Settings stop start-up with a message naming what is missing (production
        # mode needs SECRET_KEY and the rest): say that one line, not a traceback.
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings module
    except ImproperlyConfigured as problem:
        sys.exit(f"manage.py: {problem}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
