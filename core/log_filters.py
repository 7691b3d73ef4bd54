"""A logging filter that masks the secret part of emailed links in every log line.

Mailing-list links carry a signed token in the path
(``/register-interest/manage/<token>/``), and so do referees' links
(``/give-a-reference/<token>/``). Access logs, the ``django.request``
"Not Found" lines and a browser's Referer would otherwise write that token —
a working credential — into files many people can read. The filter replaces
each token with ``[token]`` in the finished message, so it works for any logger
and any format, gunicorn's access log included (gunicorn.conf.py).

Pure Python: gunicorn loads it before Django is set up.
"""

from __future__ import annotations

import logging
import re

# Any path segment after one of the link purposes, up to the next / or space or quote.
_LINK_TOKEN = re.compile(
    r"(/register-interest/(?:confirm|manage|unsubscribe|keep)/|/give-a-reference/)[^/\s\"'?#]+",
)


def mask_link_tokens(text: str) -> str:
    return _LINK_TOKEN.sub(r"\1[token]", text)


class MaskLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_link_tokens(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
