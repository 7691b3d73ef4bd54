"""``{% crispy_once form %}``: ``{% crispy form %}``, with an unbound form's markup
rendered once (core/rendered_once.py)."""

from django import template
from django.utils.safestring import mark_safe

from core.rendered_once import unbound_form_html

register = template.Library()


@register.simple_tag
def crispy_once(form):
    # crispy-forms' own output, escaped by its templates: safe as it stands.
    return mark_safe(unbound_form_html(form))  # noqa: S308
