"""Every registered email kind renders, in text and HTML, and carries nothing sensitive."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from notifications import kinds
from notifications.services import notification_render

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Words that would mean a template or example context touches sensitive data
# (residence history, equality monitoring, vetting answers) or secrets.
SENSITIVE = re.compile(
    r"residence|address_history|equality|ethnic|religio|sexual|gender|disabilit|"
    r"vetting_answer|criminal|conviction|date_of_birth|\bdob\b|national_insurance|password",
    re.IGNORECASE,
)

ALL_KINDS = kinds.all_kinds()


def test_the_outbox_registers_its_own_staff_test_email():
    assert "staff_test_email" in [kind.name for kind in ALL_KINDS]


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda kind: kind.name)
def test_every_kind_renders_text_and_html_from_its_example_context(kind):
    json.dumps(kind.example_context)  # stored on the row as JSON
    rendered = notification_render(kind=kind.name, context=kind.example_context)
    assert rendered.subject.strip() and "\n" not in rendered.subject
    assert "{{" not in rendered.subject and "{%" not in rendered.subject
    assert len(rendered.text.strip()) > 20
    assert "<" not in rendered.text.replace("<http", "")  # plain text, not markup
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in rendered.html
    assert settings.SERVICE_NAME in rendered.html
    # No images, scripts or tracking in Notify-style email.
    assert not re.search(r"<(img|script|iframe)\b", rendered.html, re.IGNORECASE)
    for value in kind.example_context.values():
        if isinstance(value, str) and value and not value.startswith("http"):
            assert value in rendered.text


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda kind: kind.name)
def test_no_email_template_or_example_context_names_sensitive_fields(kind):
    for name in (kind.text_template, kind.html_template):
        source = (TEMPLATES / name).read_text()
        assert not SENSITIVE.search(source), f"{name} mentions {SENSITIVE.search(source)[0]}"
    assert not SENSITIVE.search(kind.subject)
    assert not SENSITIVE.search(json.dumps(kind.example_context))


def test_no_file_under_templates_emails_names_sensitive_fields_or_loads_anything_remote():
    """Layouts and included partials too, not only each kind's two templates."""
    files = sorted((TEMPLATES / "emails").glob("**/*.*"))
    assert TEMPLATES / "emails" / "base.html" in files
    for path in files:
        source = path.read_text()
        assert not SENSITIVE.search(source), f"{path.name} mentions {SENSITIVE.search(source)[0]}"
        assert not re.search(r"<(img|script|link|iframe)\b", source, re.IGNORECASE), path.name
