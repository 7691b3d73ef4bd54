"""Candidate-facing pages and emails carry no text that is not marked for translation:
words outside HTML tags, and in alt and aria-label attributes. Units in Wales will serve
candidates in Welsh too; the Welsh words come later.

Reads each template's compiled node tree (no rendering, no database), so a string
added later without ``{% translate %}`` fails here before anyone has to spot it. The
same rules fit the plain-text emails (they have no tags, so every word counts) and the
email subjects: each candidate email's subject is a template of its own
(``emails/<kind>_subject.txt``), because makemessages reads templates but not template
strings inside Python, and a subject written as a string in an ``emails.py`` is checked
too.

Staff-only emails are left in English, as the admin is: the invitation to a staff
account (``staff_invitation``), the outbox's SMTP test (``staff_test_email``) and the
ROCU HR teams' daily digest (``pipeline_hr_digest``). So are the admin's templates.
"""

import re

import pytest
from django.conf import settings
from django.template import engines, loader
from django.template.base import TextNode

from notifications import kinds

STAFF_EMAIL_KINDS = {"staff_invitation", "staff_test_email", "pipeline_hr_digest"}
# Every template outside the admin's is checked, so a new page or email is checked from
# its first commit; these are the staff-only ones left in English.
STAFF_ONLY_TEMPLATES = {
    # The staff branch (who you are signed in as, the admin's home page) is in English;
    # the branch a candidate sees is marked.
    "403.html",
    # The subject access export National HR downloads: its words are its stylesheet's.
    "privacy/export.html",
    *(f"emails/{kind}.{extension}" for kind in STAFF_EMAIL_KINDS for extension in ("html", "txt")),
}
_TEMPLATE_DIR = settings.BASE_DIR / "templates"
TEMPLATES = sorted(
    name
    for name in (path.relative_to(_TEMPLATE_DIR).as_posix() for path in _TEMPLATE_DIR.rglob("*"))
    if (_TEMPLATE_DIR / name).is_file()
    and not name.startswith("admin/")
    and name not in STAFF_ONLY_TEMPLATES
)
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
    return _unmarked_words(loader.get_template(template_name).template)


def unmarked_subject_text(subject: str) -> list[str]:
    return _unmarked_words(engines["django"].engine.from_string(subject))


def _unmarked_words(template) -> list[str]:
    text = "".join(_text_nodes(template.nodelist))
    outside_tags = re.sub(r"&\w+;", " ", _TAG.sub(" ", text))  # entities are not words
    return _ATTRIBUTE_TEXT.findall(text) + _WORD.findall(outside_tags)


@pytest.mark.parametrize("template_name", TEMPLATES)
def test_every_word_on_the_page_is_marked_for_translation(template_name):
    assert unmarked_text(template_name) == []


@pytest.mark.parametrize(
    "kind", sorted(kind.name for kind in kinds.all_kinds() if kind.name not in STAFF_EMAIL_KINDS)
)
def test_every_word_of_a_candidate_email_subject_is_marked_for_translation(kind):
    assert unmarked_subject_text(kinds.get(kind).subject) == []


def test_the_staff_emails_left_in_english_are_email_kinds_that_exist():
    # A renamed kind would otherwise drop out of the subject check unnoticed.
    assert {kind.name for kind in kinds.all_kinds()} >= STAFF_EMAIL_KINDS


def test_the_templates_left_in_english_exist_and_the_rest_are_all_checked():
    assert all((_TEMPLATE_DIR / name).is_file() for name in STAFF_ONLY_TEMPLATES)
    # The walk finds the pages, their includes and both kinds of email, and no admin page.
    assert {
        "base.html",
        "500.html",
        "core/includes/radios.html",
        "mailing_list/register.html",
        "emails/base.html",
        "emails/mailing_list_alert.txt",
        "emails/_mailing_list_footer.html",
    } <= set(TEMPLATES)
    assert not any(name.startswith("admin/") for name in TEMPLATES)


def test_the_subject_check_finds_an_unmarked_word():
    subject = '{% load i18n %}{{ service_name }}: {% translate "Marked" %} Unmarked {{ ref }}'
    assert unmarked_subject_text(subject) == ["Unmarked"]


def test_the_check_finds_an_unmarked_word_and_an_unmarked_label(tmp_path, settings):
    (tmp_path / "sample.html").write_text(
        '{% load i18n %}<p>{% translate "Marked" %}</p><p>Unmarked</p>'
        '<img alt="A picture" src="x.png"><nav aria-label="{% translate "Menu" %}"></nav>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert unmarked_text("sample.html") == ["A picture", "Unmarked"]
