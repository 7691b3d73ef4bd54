"""What the offer and the checks add to the application's pages and stage emails.

Registered with applications.extensions in ``OffersConfig.ready``: the HR change
page's panel (status for HR; vetting detail only with ``offers.record_vetting``;
medical answers never, they are on occupational health's own page), the
candidate's summary (status words only) and the stage emails' extra lines.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_noop

from applications.workflow import OFFER, Stage
from core.govuk_dates import govuk_datetime
from core.site import absolute_url

from . import selectors, services
from .models import MedicalStatus, OfferDecision

# What the start-date email tells the candidate to bring on the first day.
FIRST_DAY_ITEMS = (
    gettext_noop("Photo identification: your passport or photocard driving licence"),
    gettext_noop("The original right to work document you showed us"),
    gettext_noop("Your bank details, for your pay"),
    gettext_noop("The name and phone number of someone we can contact in an emergency"),
)

_CHECK_STAGES = {Stage.PRE_EMPLOYMENT_CHECKS, Stage.OFFER_CONFIRMED, Stage.START_DATE_AGREED}


def email_context(application, event) -> dict:
    if event.event == "conditional_offer":
        offer = application.offer
        return {
            "respond_by": govuk_datetime(offer.respond_by),
            "link_url": absolute_url(services.offer_url(application)),
        }
    if event.event == "start_date_agreed":
        return {"bring": list(FIRST_DAY_ITEMS)}
    if event.event == "conditional_offer_withdrawn":
        # Who to contact; never why (the reason is HR's, on the event).
        return {"contact_email": application.vacancy.contact_email}
    return {}


def admin_panel(request, application) -> str:
    summary = selectors.checks_summary(application)
    if summary.offer is None and summary.medical is None:
        return ""
    user = request.user
    at_checks = application.stage == Stage.PRE_EMPLOYMENT_CHECKS
    return render_to_string(
        "admin/offers/panel.html",
        {
            "application": application,
            "summary": summary,
            "offer_pending": summary.offer and summary.offer.decision == OfferDecision.PENDING,
            "sees_vetting": user.has_perm(services.RECORD_VETTING),
            "may_record_vetting": at_checks and user.has_perm(services.RECORD_VETTING),
            "may_record_right_to_work": at_checks and user.has_perm(OFFER),
            "medical_url": (
                reverse("admin:offers_medicalquestionnaire_change", args=[summary.medical.pk])
                if summary.medical and user.has_perm(services.DECIDE_MEDICAL)
                else None
            ),
            "right_to_work_url": reverse("admin:offers_right_to_work", args=[application.pk]),
            "withdraw_url": (
                reverse(
                    "admin:applications_application_move",
                    args=[application.pk, Stage.OFFER_WITHDRAWN],
                )
                if at_checks and summary.failed and user.has_perm(OFFER)
                else None
            ),
        },
        request=request,
    )


def candidate_panel(application) -> str:
    summary = selectors.checks_summary(application)
    if summary.offer is None:
        return ""
    medical_words = {
        None: gettext_noop("Not sent yet"),
        MedicalStatus.SENT: gettext_noop("To do"),
        MedicalStatus.RETURNED: gettext_noop("With occupational health"),
        MedicalStatus.CLEARED: gettext_noop("Complete"),
        MedicalStatus.NOT_CLEARED: gettext_noop("Complete"),
    }
    return render_to_string(
        "offers/candidate_panel.html",
        {
            "application": application,
            "summary": summary,
            "offer_open": application.stage == Stage.CONDITIONAL_OFFER
            and summary.offer.decision == OfferDecision.PENDING,
            "in_checks": application.stage in _CHECK_STAGES,
            "medical_words": medical_words[summary.medical.status if summary.medical else None],
            "medical_to_do": bool(summary.medical and summary.medical.status == MedicalStatus.SENT),
            "right_to_work_words": (
                gettext_noop("Complete") if summary.right_to_work else gettext_noop("Not started")
            ),
            "vetting_words": selectors.candidate_vetting_words(summary.vetting_cases),
        },
    )
