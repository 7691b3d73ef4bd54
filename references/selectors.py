"""Reads for reference requests: by link, for the candidate, for staff (ROCU-scoped)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.selectors import scope_to_user_rocus
from applications.sections import REFEREES_REQUIRED

from .models import ReferenceRequest, ReferenceStatus


def reference_request_by_token_key(token_key: str) -> ReferenceRequest | None:
    return (
        ReferenceRequest.objects.select_related("application__vacancy__rocu")
        .filter(token_key=token_key)
        .first()
    )


def references_cleared(application) -> bool:
    """The offer-confirmed guard's reader: two references received and marked satisfactory."""
    return (
        ReferenceRequest.objects.filter(
            application=application, status=ReferenceStatus.RECEIVED, satisfactory=True
        ).count()
        >= REFEREES_REQUIRED
    )


def reference_requests_for_application(application) -> list[ReferenceRequest]:
    """Every request for one application, oldest first (its reference history)."""
    return list(
        ReferenceRequest.objects.filter(application=application).select_related(
            "assessed_by", "replaced_by"
        )
    )


def reference_request_for_candidate(*, candidate, application_pk: int, pk: int):
    """A request on the signed-in candidate's own application, or None (then a 404)."""
    return (
        ReferenceRequest.objects.select_related("application__vacancy__rocu", "replaced_by")
        .filter(pk=pk, application_id=application_pk, application__candidate=candidate)
        .first()
    )


def reference_requests_for_staff(user) -> QuerySet[ReferenceRequest]:
    """Requests of the applications ``user`` may see (their ROCUs unless all)."""
    return scope_to_user_rocus(
        ReferenceRequest.objects.select_related("application__vacancy__rocu", "assessed_by"),
        user,
        rocu_field="application__vacancy__rocu",
    )


def referee_emails_asked(application) -> set[str]:
    """Every address already asked for this application (a replacement must be someone new)."""
    return {
        email.casefold()
        for email in ReferenceRequest.objects.filter(application=application).values_list(
            "referee_email", flat=True
        )
    }
