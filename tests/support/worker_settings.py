"""Settings for worker processes that really send email (to tests/support/smtp_sink.py).

The test settings use the locmem backend; a worker is another process, so its
messages would vanish there. This module keeps every test setting but sends
over SMTP to EMAIL_URL (set by the caller to the sink's address).
"""

from toex_recruit.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 30
# A worker queues tasks too (retries after a back-off, fan-outs): through Redis,
# never inline, or a countdown would be ignored.
CELERY_TASK_ALWAYS_EAGER = False
