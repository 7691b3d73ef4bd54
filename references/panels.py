"""What references show on other apps' pages (applications.extensions).

* The HR change page: every request of the application, oldest first (the
  history: who was asked, when, chasers, bounced or refused, replaced by whom,
  received, HR's mark), with a button to mark each received reference.
  Staff without the references view permission see nothing.
* The candidate's application page: each current referee and "Requested" or
  "Received" (never what the referee said), and a link to give another referee
  where one bounced or could not give a reference.

Each panel is one query whatever the number of requests.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ReferenceStatus
from .services import ASSESS_PERMISSION

VIEW_PERMISSION = "references.view_referencerequest"


def admin_panel(request, application) -> str:
    if not request.user.has_perm(VIEW_PERMISSION):
        return ""
    references = selectors.reference_requests_for_application(application)
    may_assess = request.user.has_perm(ASSESS_PERMISSION)
    rows = [
        {
            "reference": reference,
            "replaced_by": getattr(reference, "replaced_by", None),
            "assess_url": (
                reverse("admin:references_referencerequest_assess", args=[reference.pk])
                if may_assess
                and reference.status == ReferenceStatus.RECEIVED
                and reference.satisfactory is None
                else ""
            ),
            "view_url": (
                reverse("admin:references_referencerequest_assess", args=[reference.pk])
                if reference.responded_at
                else ""
            ),
        }
        for reference in references
    ]
    return render_to_string(
        "admin/references/referencerequest/panel.html",
        {"rows": rows, "application": application},
        request=request,
    )


# What the candidate sees of each request: whether it is back, never what it says.
_CANDIDATE_WORDS = {
    ReferenceStatus.REQUESTED: (_("Requested"), "govuk-tag--blue"),
    ReferenceStatus.RECEIVED: (_("Received"), "govuk-tag--green"),
    ReferenceStatus.DECLINED: (_("We need another referee"), "govuk-tag--orange"),
    ReferenceStatus.BOUNCED: (_("We need another referee"), "govuk-tag--orange"),
}


def candidate_panel(application) -> str:
    references = selectors.reference_requests_for_application(application)
    if not references:
        return ""
    rows = []
    for reference in references:
        replaced = getattr(reference, "replaced_by", None) is not None
        if replaced:
            continue  # the history is HR's; the candidate sees who is being asked now
        words, tag_class = _CANDIDATE_WORDS[ReferenceStatus(reference.status)]
        needs_another = reference.status in (ReferenceStatus.DECLINED, ReferenceStatus.BOUNCED)
        rows.append(
            {
                "name": reference.referee_name,
                "status": words,
                "tag_class": tag_class,
                "action_url": (
                    reverse("references:new_referee", args=[application.pk, reference.pk])
                    if needs_another
                    else ""
                ),
            }
        )
    return render_to_string("references/candidate_panel.html", {"rows": rows})
