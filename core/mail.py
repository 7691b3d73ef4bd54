"""The embedded default's email backend: each message to a file and a line on the console.

Only used when EMAIL_URL is unset (``make run``), so a developer can read every
email the service would have sent without running a mail server. The console
gets one line per email (subject and recipient; the whole message is in the
file), and nothing at all inside :func:`quiet_console`, which seed_demo uses so
the emails it causes do not bury the sign-in details it prints.
"""

import contextlib
import sys
import threading

from django.core.mail.backends.filebased import EmailBackend as FileBackend

_quiet = threading.local()


@contextlib.contextmanager
def quiet_console():
    """Within this block, count emails instead of announcing each one."""
    _quiet.count = 0
    _quiet.on = True
    try:
        yield _quiet
    finally:
        _quiet.on = False


class FileAndConsoleEmailBackend(FileBackend):
    def write_message(self, message):
        super().write_message(message)
        if getattr(_quiet, "on", False):
            _quiet.count += 1
            return
        sys.stdout.write(
            f"Email to {', '.join(message.recipients())}: {message.subject!r} "
            f"(written to {self._fname})\n"
        )
        sys.stdout.flush()
