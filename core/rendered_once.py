"""Candidate pages that are the same for everyone, rendered once per process.

The start page, the footer pages, the eligibility start page and the 404 page
have no form, no CSRF token, no nonce and nothing about the visitor: their bytes
depend only on the templates and the settings. Rendering base.html costs several
times the bare view (docs/performance.md), so each is rendered on first use and
its bytes served after that. Any settings change (tests' ``override_settings``)
forgets them; a deploy starts new processes, so new templates are picked up.
Only use this for a page that never shows anything request-specific.
"""

import time

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

_bodies: dict[tuple, bytes] = {}


def render_once(request, template_name: str, context=None, *, status: int = 200):
    """``render()`` for a page whose bytes are the same for every request with this
    template, context (small, hashable values) and URL name."""
    context = context or {}
    match = request.resolver_match
    key = (template_name, match.view_name if match else None, tuple(sorted(context.items())))
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


@receiver(setting_changed)
def _forget(**kwargs):
    _bodies.clear()
    _forms.clear()
