"""Candidate pages that are the same for everyone, rendered once per process.

The start page, the footer pages, the eligibility start page and the 404 page
have no form, no CSRF token, no nonce and nothing about the visitor: their bytes
depend only on the templates and the settings. Rendering base.html costs several
times the bare view (docs/performance.md), so each is rendered on first use and
its bytes served after that. Any settings change (tests' ``override_settings``)
forgets them; a deploy starts new processes, so new templates are picked up.
Only use this for a page that never shows anything request-specific.

Pages with a form or a few of the visitor's answers (the self-check's question
pages and result page, register-interest) use ``render_framed``: rendered once per *shape*, with
holes for the CSRF token and the visitor's values, filled in per request. Every
cache here is keyed by the active language too.
"""

import difflib
import html
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import get_language

_bodies: dict[tuple, bytes] = {}


def render_once(request, template_name: str, context=None, *, status: int = 200):
    """``render()`` for a page whose bytes are the same for every request with this
    template, context (small, hashable values) and URL name."""
    context = context or {}
    match = request.resolver_match
    key = (
        template_name,
        match.view_name if match else None,
        get_language(),
        tuple(sorted(context.items())),
    )
    body = _bodies.get(key)
    if body is None:
        body = render_to_string(template_name, context, request=request).encode()
        _bodies[key] = body
    return HttpResponse(body, status=status)


# An unbound form's GOV.UK markup, by form class: crispy-forms-gds takes ~7 ms to
# render the mailing-list form, the same for every visitor. Kept for FORM_SECONDS
# so an edit to reference data it lists (a ROCU's name) shows within minutes.
FORM_SECONDS = 300
_forms: dict[type, tuple[float, str]] = {}


def unbound_form_html(form) -> str:
    """``{% crispy form %}`` for an unbound form, rendered once per FORM_SECONDS."""
    from crispy_forms.utils import render_crispy_form

    if form.is_bound or form.initial:
        return render_crispy_form(form)
    now = time.monotonic()
    cached = _forms.get(type(form))
    if cached is None or cached[0] < now:
        cached = (now + FORM_SECONDS, render_crispy_form(form))
        _forms[type(form)] = cached
    return cached[1]


# --- Pages rendered once with holes, filled per request ---------------------------
#
# A page with a form needs a CSRF token, and the self-check's pages show a few of
# the visitor's answers: rendering them is most of their cost, and the rest of
# their bytes is the same for everyone. So the page is rendered once per process
# for each *shape* (every value the template branches on: the view lists them),
# with sentinels where the request-specific strings go (the *holes*), and each
# request fills the holes in, escaped as the template would have escaped them.
# ``RENDERED_ONCE_VERIFY`` (the test settings) renders every such page the
# ordinary way too and fails if the bytes differ (tokens aside), so a value the
# template uses in a way a hole cannot stand for is caught by the existing tests.

_HOLE_START, _HOLE_END = "\ue000", "\ue001"  # private-use characters: escaping keeps them
_HOLE = re.compile(f"{_HOLE_START}([a-z0-9_]+){_HOLE_END}")
CSRF_HOLE_NAME = "csrf_token"
# Enough for the shapes the self-check has in use (a few hundred); past it the oldest
# go, so answers crafted to make new shapes cost at most this many (~20 kB each).
MOST_FRAMES = 512
# Per shape: (expiry, [frame bytes, hole name, frame bytes, ..., frame bytes]).
_frames: OrderedDict[tuple, tuple[float, list[bytes | str]]] = OrderedDict()
_frames_lock = threading.Lock()
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def hole(name: str) -> str:
    """The sentinel a frame's context holds where the per-request value ``name`` goes."""
    return f"{_HOLE_START}{name}{_HOLE_END}"


def render_framed(
    request,
    template_name: str,
    *,
    shape: tuple,
    frame_context: Callable[[], dict],
    holes: dict[str, object],
    plain_context: Callable[[], dict],
    max_age: float | None = None,
    status: int = 200,
) -> HttpResponse:
    """``render(request, template_name, plain_context())``, from a frame rendered once.

    ``shape``: hashable, everything about this request the template branches on
    (never a visitor's own words: those are holes). ``frame_context()``: the
    context with ``hole(name)`` in place of each per-request value; it must give
    the same bytes for every request of this shape. ``holes``: each value, as
    the template would receive it (escaped here unless safe). The CSRF token is
    always a hole, filled with ``get_token(request)`` (so the cookie is set
    exactly as ``{% csrf_token %}`` would). ``max_age``: re-render after this
    many seconds (a frame listing reference data that has no version).
    """
    expected = None
    if settings.RENDERED_ONCE_VERIFY:
        # Rendered first, so a test's ``response.context`` is the page's own context.
        expected = render_to_string(template_name, plain_context(), request=request)
    match = request.resolver_match
    key = (template_name, match.view_name if match else None, get_language(), shape)
    now = time.monotonic()
    with _frames_lock:
        cached = _frames.get(key)
        if cached is not None:
            _frames.move_to_end(key)
    if cached is None or cached[0] < now:
        context = frame_context()
        context[CSRF_HOLE_NAME] = hole(CSRF_HOLE_NAME)
        rendered = render_to_string(template_name, context, request=request)
        expires = now + max_age if max_age is not None else float("inf")
        # The frame's own text is encoded once: encoding a page with non-ASCII
        # characters (country names, typographic quotes) costs microseconds a
        # kilobyte, and only the holes change from one request to the next.
        pieces = _HOLE.split(rendered)
        pieces[::2] = [piece.encode() for piece in pieces[::2]]
        cached = (expires, pieces)
        with _frames_lock:
            _frames[key] = cached
            while len(_frames) > MOST_FRAMES:
                _frames.popitem(last=False)
    pieces = cached[1]
    values = {name: _escaped(value) for name, value in holes.items()}
    if CSRF_HOLE_NAME in pieces:
        # One token for the page, as {% csrf_token %} gives every form of one render.
        values[CSRF_HOLE_NAME] = get_token(request)
    filled = [pieces[0]]
    for index in range(1, len(pieces), 2):
        filled.append(values[pieces[index]].encode())
        filled.append(pieces[index + 1])
    body = b"".join(filled)
    if expected is not None:
        _verify(template_name, expected, body.decode())
    return HttpResponse(body, status=status)


def _escaped(value) -> str:
    """``conditional_escape(value)``'s text, without its two lazy-string wrappers.

    The result page fills 30-odd holes a request; Django's wrappers look for lazy
    arguments and build a ``SafeString`` at each call, about 0.6 us a hole. The text
    is the same: a lazy string is made a string first, markup already safe is kept,
    anything else goes through ``html.escape`` as Django's ``escape`` does.
    """
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _verify(template_name: str, expected: str, body: str) -> None:
    if _CSRF_VALUE.sub(r"\1\2", expected) != _CSRF_VALUE.sub(r"\1\2", body):
        lines = difflib.unified_diff(
            expected.splitlines(), body.splitlines(), "rendered", "framed", lineterm="", n=1
        )
        raise AssertionError(
            f"{template_name}: the frame filled in differs from the page rendered as usual:\n"
            + "\n".join(lines)
        )


@receiver(setting_changed)
def _forget(**kwargs):
    _bodies.clear()
    _forms.clear()
    with _frames_lock:
        _frames.clear()
