"""Writes for vetting levels: National HR add, change and delete them here only.

A level is **live** while a published advert names it (as its vetting level or
its national-security level). Candidates were told its years, so changing the
residence or renewal years of a live level needs a reason, recorded on a
``VettingLevelChange`` row like an advert's own changes; and a live level cannot
be deleted (retire it instead: untick "Offered for new adverts"). A refusal is a
``VettingLevelActionRefused`` naming every problem in plain English.
"""

from django.db import transaction
from django.utils import timezone

from . import adverts, selectors
from .models import VettingLevel, VettingLevelChange

# Fields whose change alters what a candidate is told about the residence rule.
YEARS_FIELDS = ("required_residence_years", "renewal_years")


class VettingLevelActionRefused(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _display(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def vetting_level_save(*, level: VettingLevel, by, reason: str = "") -> VettingLevel:
    """Create or update `level` (an unsaved or edited instance) and record changes of years."""
    permission = "vetting.change_vettinglevel" if level.pk else "vetting.add_vettinglevel"
    if not by.has_perm(permission):
        raise VettingLevelActionRefused(["Only National HR can change vetting levels"])
    reason = reason.strip()
    if level.pk is None:
        level.full_clean()
        level.save()
        return level
    before = VettingLevel.objects.select_for_update().get(pk=level.pk)
    changed = [field for field in YEARS_FIELDS if getattr(before, field) != getattr(level, field)]
    is_live = selectors.vetting_level_is_live(level=before)
    if changed and is_live and not reason:
        references = ", ".join(selectors.vetting_level_published_references(level=before))
        raise VettingLevelActionRefused(
            [
                f"Give a reason for changing the years of {before.name}: published adverts "
                f"name it ({references})"
            ]
        )
    level.full_clean()
    level.save()
    now = timezone.now()
    VettingLevelChange.objects.bulk_create(
        VettingLevelChange(
            level=level,
            field=field,
            old_value=_display(getattr(before, field)),
            new_value=_display(getattr(level, field)),
            reason=reason,
            was_live=is_live,
            by=by,
            at=now,
        )
        for field in changed
    )
    if is_live:
        # Advert pages explain the level's years: they must not be served stale.
        transaction.on_commit(adverts.public_pages_changed)
    return level


def vetting_level_delete_problems(*, level: VettingLevel) -> list[str]:
    """Why `level` cannot be deleted (empty: it can)."""
    published = selectors.vetting_level_published_references(level=level)
    if published:
        return [
            f"{level.name} cannot be deleted because published adverts need it: "
            f"{', '.join(published)}. Change or close those adverts first, or stop offering "
            f"the level for new adverts (untick “Offered for new adverts”)."
        ]
    others = selectors.vetting_level_other_references(level=level)
    if others:
        return [
            f"{level.name} cannot be deleted because other adverts name it: "
            f"{', '.join(others)}. Stop offering it for new adverts instead (untick "
            f"“Offered for new adverts”): their history keeps its name."
        ]
    return []


@transaction.atomic
def vetting_level_delete(*, level: VettingLevel, by) -> None:
    if not by.has_perm("vetting.delete_vettinglevel"):
        raise VettingLevelActionRefused(["Only National HR can delete vetting levels"])
    level = VettingLevel.objects.select_for_update().get(pk=level.pk)
    problems = vetting_level_delete_problems(level=level)
    if problems:
        raise VettingLevelActionRefused(problems)
    level.delete()
