"""gunicorn settings read from the project root (its default config file).

Two things here: mask mailing-list link tokens in gunicorn's own access and
error logs (core/log_filters.py), as Django's LOGGING does for the app's logs;
and end each access line with the request's id (the ``X-Request-ID`` the app
answers with), so an access line leads to the app's JSON lines of that request.
Everything else is given on the command line (docker-compose.yml).
"""

import logging

# gunicorn's default format, then the request id.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)


def on_starting(server):
    from core.log_filters import MaskLinkTokens

    for name in ("gunicorn.access", "gunicorn.error"):
        logging.getLogger(name).addFilter(MaskLinkTokens())
