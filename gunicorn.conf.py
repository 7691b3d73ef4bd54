"""gunicorn settings read from the project root (its default config file).

Only one thing here: mask mailing-list link tokens in gunicorn's own access and
error logs (core/log_filters.py), as Django's LOGGING does for the app's logs.
Everything else is given on the command line (docker-compose.yml).
"""

import logging


def on_starting(server):
    from core.log_filters import MaskLinkTokens

    for name in ("gunicorn.access", "gunicorn.error"):
        logging.getLogger(name).addFilter(MaskLinkTokens())
