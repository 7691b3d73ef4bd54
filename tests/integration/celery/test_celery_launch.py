"""The fork server's imports: each one there, and none of them reads Django's settings.

A real worker is forked from a process that imported ``celery_launch.PRELOAD``
(tests/support/celery_launch.py); its settings must be read only after the fork,
from the environment the test gives it. The fork server skips a module it cannot
import without a word, so a misspelt name would only make workers slower: both are
checked here, in a fresh interpreter with no settings module named.
"""

import os
import subprocess
import sys

from tests.support.celery_launch import PRELOAD
from tests.support.celery_worker import REPO_ROOT

CHECK = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from django.conf import settings
print("configured" if settings.configured else "not configured")
"""


def test_every_preloaded_module_imports_without_reading_django_settings():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, *PRELOAD],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "not configured"
