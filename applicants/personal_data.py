"""What applicants hold about a person: the candidate identity and sign-in links.

Registered with ``privacy.registry`` from ``ApplicantsConfig.ready()``. The
candidate row is deleted last (after applications has anonymised or deleted
every application that pointed at it).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import ExportSection, PersonalDataProvider, RetentionRule

from .models import Candidate, SignInLink


def export(key: str) -> list[ExportSection]:
    candidates = [
        {"email": c.email, "created_at": c.created_at, "last_signed_in_at": c.last_signed_in_at}
        for c in Candidate.objects.filter(email=key)
    ]
    links = [
        {"created_at": link.created_at, "expires_at": link.expires_at, "used_at": link.used_at}
        for link in SignInLink.objects.filter(email=key).order_by("created_at")
    ]
    return [
        ExportSection(
            title=_("Candidate sign-in identity"),
            records=candidates,
            explanation=_("The email address you sign in with to apply, and when you did."),
        ),
        ExportSection(
            title=_("Sign-in links sent"),
            records=links,
            explanation=_("Each sign-in link we emailed you: when it was sent, used and expired."),
        ),
    ]


def erasure_preview(key: str) -> list[str]:
    lines = []
    if Candidate.objects.filter(email=key).exists():
        lines.append("Candidate sign-in identity deleted")
    links = SignInLink.objects.filter(email=key).count()
    if links:
        lines.append(f"Sign-in links deleted: {links}")
    return lines


def erase(key: str) -> dict[str, int]:
    links, _ = SignInLink.objects.filter(email=key).delete()
    candidates, _ = Candidate.objects.filter(email=key).delete()
    return {"candidate deleted": candidates, "sign-in links deleted": links}


def idle_candidates_delete(*, cutoff: datetime.datetime, batch_size: int) -> int:
    """Candidates with no application left who have not signed in since ``cutoff``."""
    with transaction.atomic():
        ids = list(
            Candidate.objects.filter(applications__isnull=True)
            .filter(Q(last_signed_in_at__lt=cutoff) | Q(last_signed_in_at__isnull=True))
            .filter(created_at__lt=cutoff)
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:batch_size]
        )
        emails = list(Candidate.objects.filter(pk__in=ids).values_list("email", flat=True))
        SignInLink.objects.filter(email__in=emails).delete()
        Candidate.objects.filter(pk__in=ids).delete()
    return len(ids)


PROVIDER = PersonalDataProvider(
    name="applicants",
    export=export,
    erasure_preview=erasure_preview,
    erase=erase,
    order=20,
)

RETENTION_RULES = (
    RetentionRule(
        key="applicants.idle_candidates",
        what="Candidate sign-in identities with no application left",
        counted_from="the last sign-in",
        action="deleted",
        apply=idle_candidates_delete,
    ),
)
