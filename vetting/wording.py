"""The residence rule in plain English, for pages outside the self-check.

Vetting owns what its rule means; other apps (the advert page) show these
sentences rather than writing their own. The self-check's own result wording
is in ``vetting/result.py``.
"""

from __future__ import annotations


def residence_rule_sentences(level) -> list[str]:
    """What a vetting level's residence rule means for an applicant, in plain English.

    Built from the level's data (``VettingLevel`` or anything with
    ``required_residence_years`` and ``family_of_exempt``) and docs/vetting-rule.md,
    so a new level needs no new wording. The advert page shows these sentences.
    """
    if level is None:
        return []
    years = level.required_residence_years
    if years == 0:
        return ["This level of vetting has no rule about how long you must have lived in the UK."]
    unit = "year" if years == 1 else f"{years} years"
    sentences = [
        f"You must have lived in the UK for the last {unit}, unless you were abroad because "
        "you were employed by the British Armed Forces or on official duty for HM Government. "
        "Time abroad for those reasons counts as time in the UK."
    ]
    if level.family_of_exempt == "exempt":
        sentences.append(
            "Time abroad with a family member who was there for one of those reasons also counts "
            "as time in the UK."
        )
    else:
        sentences.append(
            "If you were abroad with a family member who was there for one of those reasons, "
            "the recruitment team will look at your history before they decide."
        )
    sentences.append(
        "Time in the Channel Islands or the Isle of Man counts as time abroad, because they "
        "are not part of the UK."
    )
    return sentences
