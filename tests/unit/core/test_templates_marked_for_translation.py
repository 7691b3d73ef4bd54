"""The shared page frame, the staff account pages, the privacy notice and the self-check's
pages carry no text that is not marked for translation: words outside HTML tags, and in
alt and aria-label attributes.

Reads each template's compiled node tree (no rendering, no database), so a string
added later without ``{% translate %}`` fails here before anyone has to spot it.
"""

import re

import pytest
from django.template import loader
from django.template.base import TextNode

TEMPLATES = [
    "base.html",
    "core/includes/field_error.html",
    "applications/includes/checkbox.html",
    "accounts/recovery_codes.html",
    "accounts/set_password.html",
    "accounts/set_password_done.html",
    "accounts/two_factor_code.html",
    "accounts/two_factor_set_up.html",
    "core/privacy.html",
    "core/staff_locked_out.html",
    "vetting/start.html",
    "mailing_list/manage.html",
    "vetting/choose.html",
    "vetting/periods.html",
    "vetting/result.html",
    "vetting/includes/timeline.html",
]
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE_TEXT = re.compile(r'\b(?:alt|aria-label)="([^"{]*[A-Za-z][^"{]*)"')
_WORD = re.compile(r"[A-Za-z]{2,}")


def _text_nodes(nodelist):
    """The template's own text in order; "{}" where a tag or variable stands."""
    for node in nodelist:
        if isinstance(node, TextNode):
            yield node.s
            continue
        yield "{}"
        for name in getattr(node, "child_nodelists", ()):
            yield from _text_nodes(getattr(node, name, None) or [])


def unmarked_text(template_name: str) -> list[str]:
    template = loader.get_template(template_name).template
    text = "".join(_text_nodes(template.nodelist))
    outside_tags = re.sub(r"&\w+;", " ", _TAG.sub(" ", text))  # entities are not words
    return _ATTRIBUTE_TEXT.findall(text) + _WORD.findall(outside_tags)


@pytest.mark.parametrize("template_name", TEMPLATES)
def test_every_word_on_the_page_is_marked_for_translation(template_name):
    assert unmarked_text(template_name) == []


def test_the_check_finds_an_unmarked_word_and_an_unmarked_label(tmp_path, settings):
    (tmp_path / "sample.html").write_text(
        '{% load i18n %}<p>{% translate "Marked" %}</p><p>Unmarked</p>'
        '<img alt="A picture" src="x.png"><nav aria-label="{% translate "Menu" %}"></nav>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert unmarked_text("sample.html") == ["A picture", "Unmarked"]
