"""The residence rule, an advert's requirements and held clearance, in plain English.

Vetting owns what its rules mean; other apps (the advert page, an application's
residence section) show these sentences rather than writing their own. It is the
one place that names an advert's levels in words, so every page says the same
thing ("You need Management Vetting and Security Check. Both need 5 years' UK
residence."). Every string is marked for translation; the rules described are in
vetting/rules.py, vetting/requirements.py and vetting/clearance.py. The
self-check's own result wording is in ``vetting/result.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import rules
from .clearance import ClearanceAssessment, ClearanceOutcome
from .requirements import LevelFacts, Requirements


def years_of_residence(years: int) -> str:
    """ "5 years' UK residence"; "1 year's UK residence"."""
    return ngettext("%(years)d year's UK residence", "%(years)d years' UK residence", years) % {
        "years": years
    }


def level_names(requirements: Requirements) -> str:
    """ "Management Vetting" or "Management Vetting and Security Check"."""
    names = [level.name for level in requirements.levels]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}


def _level_years(level: LevelFacts) -> str:
    return _("%(level)s needs %(residence)s") % {
        "level": level.name,
        "residence": years_of_residence(level.required_years),
    }


def requirements_summary(requirements: Requirements) -> str:
    """What the candidate needs and how long they must have lived in the UK, in two sentences."""
    first = _("You need %(levels)s.") % {"levels": level_names(requirements)}
    if requirements.required_years == 0:
        return first + " " + _("It has no rule about how long you must have lived in the UK.")
    if not requirements.is_combined:
        return (
            first
            + " "
            + _("It needs %(residence)s.")
            % {"residence": years_of_residence(requirements.required_years)}
        )
    if not requirements.years_differ:
        return (
            first
            + " "
            + _("Both need %(residence)s.")
            % {"residence": years_of_residence(requirements.required_years)}
        )
    first_level, second_level = requirements.levels
    return (
        first
        + " "
        + _("%(first)s and %(second)s, so you need %(residence)s.")
        % {
            "first": _level_years(first_level),
            "second": _level_years(second_level),
            "residence": years_of_residence(requirements.required_years),
        }
    )


def clearance_summary(clearance: ClearanceAssessment) -> str:
    """What a declared clearance means for the candidate, one or two sentences."""
    held = clearance.held_level.name
    covered = level_names(Requirements(levels=clearance.covered)) if clearance.covered else ""
    if clearance.outcome is ClearanceOutcome.MAY_BE_ACCEPTED:
        return _(
            "Your %(held)s clearance may be accepted instead of vetting you again. The vetting "
            "unit will check it and decide: your application will be flagged for them to look at."
        ) % {"held": held}
    if clearance.outcome is ClearanceOutcome.PARTLY_COVERED:
        remaining = level_names(clearance.remaining) if clearance.remaining else ""
        return _(
            "Your %(held)s clearance may be accepted for %(covered)s. You still need "
            "%(remaining)s, so the residence rule for it still applies. The vetting unit will "
            "check your clearance and decide."
        ) % {"held": held, "covered": covered, "remaining": remaining}
    if clearance.outcome is ClearanceOutcome.NOT_RECENT:
        return _(
            "Your %(held)s clearance was granted too long ago to be accepted without checks, so "
            "the residence rule still applies. The vetting unit may still take it into account."
        ) % {"held": held}
    return _(
        "%(held)s does not cover the vetting this post needs, so the residence rule still "
        "applies. The vetting unit will still see that you hold it."
    ) % {"held": held}


def residence_rule_sentences(requirements) -> list[str]:
    """What the residence rule means for an applicant, built from the levels' data.

    Takes `Requirements` (for two levels it describes the stricter window,
    vetting/requirements.py) or one level (a ``VettingLevel``, or anything with
    ``required_residence_years`` and ``family_of_exempt``); None gives no sentences.
    A new level or combination needs no new wording.
    """
    if requirements is None:
        return []
    if not isinstance(requirements, Requirements):
        requirements = Requirements(
            levels=(
                LevelFacts(
                    code="",
                    name="",
                    required_years=requirements.required_residence_years,
                    family_of_exempt=requirements.family_of_exempt,
                ),
            )
        )
    years = requirements.required_years
    if years == 0:
        return [
            _("This level of vetting has no rule about how long you must have lived in the UK.")
        ]
    sentences = [
        ngettext(
            "You must have lived in the UK for the last year, unless you were abroad because "
            "you were employed by the British Armed Forces or on official duty for HM "
            "Government. Time abroad for those reasons counts as time in the UK.",
            "You must have lived in the UK for the last %(years)d years, unless you were abroad "
            "because you were employed by the British Armed Forces or on official duty for HM "
            "Government. Time abroad for those reasons counts as time in the UK.",
            years,
        )
        % {"years": years}
    ]
    if requirements.family_of_exempt == rules.FAMILY_EXEMPT:
        sentences.append(
            _(
                "Time abroad with a family member who was there for one of those reasons also "
                "counts as time in the UK."
            )
        )
    else:
        sentences.append(
            _(
                "If you were abroad with a family member who was there for one of those reasons, "
                "the recruitment team will look at your history before they decide."
            )
        )
    sentences.append(
        _(
            "Time in the Channel Islands or the Isle of Man counts as time abroad, because they "
            "are not part of the UK."
        )
    )
    return sentences
