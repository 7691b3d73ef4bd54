"""The subject access button on an application's change page (National HR only).

A panel through ``applications.extensions``. Panels are drawn inside the admin's
change form, and a form may not hold another, so the panel is one submit button
with its own ``formaction``: it POSTs the change form's CSRF token and the
candidate's address (the button's value) to the privacy pages, so the address
never appears in a URL (and so never in an access log).
"""

from django.urls import reverse
from django.utils.html import format_html

from privacy.services import SUBJECT_ACCESS_PERMISSION

from . import extensions


def subject_access_panel(request, application) -> str:
    if application.candidate is None or not request.user.has_perm(SUBJECT_ACCESS_PERMISSION):
        return ""
    return format_html(
        '<section aria-labelledby="privacy-heading" class="module">'
        '<h2 id="privacy-heading">The candidate\'s data</h2>'
        "<p>Export everything held about this candidate, or erase it "
        "(each after a confirmation page).</p>"
        '<p><button type="submit" formaction="{}" formmethod="post" formnovalidate '
        'name="email" value="{}" class="button">Export or erase the candidate\'s data</button>'
        "</p></section>",
        reverse("admin:privacy_subject_find"),
        application.candidate.email,
    )


def register() -> None:
    extensions.register_admin_panel(subject_access_panel)
