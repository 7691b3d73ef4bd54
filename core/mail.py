"""The embedded default's email backend: each message to a file and to the console.

Only used when EMAIL_URL is unset (``make run``), so a developer can read every
email the service would have sent without running a mail server.
"""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleEmailBackend(FileBackend):
    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
