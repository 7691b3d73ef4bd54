"""What the candidate's pages show: task list items, summary lists, stage words.

Every string here is candidate-facing and marked for translation. Equality
monitoring answers never appear here: the summary says only whether the
section was answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.govuk_dates import govuk_date, govuk_datetime
from vetting.countries import country_name
from vetting.self_check import REASON_LABELS

from . import selectors
from .models import AddressLocation, EmploymentKind, RightToWork
from .sections import Section, Status
from .workflow import Stage, candidate_label

SECTION_TITLES = {
    Section.PERSONAL: gettext_lazy("Personal details"),
    Section.RESIDENCE: gettext_lazy("Where you have lived"),
    Section.EMPLOYMENT: gettext_lazy("Employment and education"),
    Section.REFEREES: gettext_lazy("Referees"),
    Section.QUESTIONS: gettext_lazy("About the role"),
    Section.ADJUSTMENTS: gettext_lazy("Adjustments"),
    Section.EQUALITY: gettext_lazy("Equality monitoring"),
    Section.DECLARATION: gettext_lazy("Declaration"),
}
SECTION_URL_NAMES = {
    Section.PERSONAL: "personal_details",
    Section.RESIDENCE: "residence",
    Section.EMPLOYMENT: "employment",
    Section.REFEREES: "referees",
    Section.QUESTIONS: "questions",
    Section.ADJUSTMENTS: "adjustments",
    Section.EQUALITY: "equality",
    Section.DECLARATION: "declaration",
}
STATUS_WORDS = {
    Status.COMPLETED: gettext_lazy("Completed"),
    Status.INCOMPLETE: gettext_lazy("Incomplete"),
    Status.NOT_STARTED: gettext_lazy("Not yet started"),
}


_PK, _ROW = 918273645, 546372819


@lru_cache(maxsize=64)
def _url_pattern(name: str, with_row: bool) -> str:
    # Check your answers links every row: reversing once per name and filling in
    # the ids is ~50 times cheaper than a reverse() per link.
    kwargs = {"pk": _PK, "row": _ROW} if with_row else {"pk": _PK}
    path = reverse(f"applications:{name}", kwargs=kwargs)
    return path.replace(str(_PK), "{pk}").replace(str(_ROW), "{row}")


def _url(name: str, application, **kwargs) -> str:
    return _url_pattern(name, "row" in kwargs).format(pk=application.pk, **kwargs)


def _dates(start: date, end: date | None, *, still: str) -> str:
    return f"{govuk_date(start)} {_('to')} {govuk_date(end) if end else still}"


@dataclass
class Task:
    key: str
    title: str
    url: str
    status: str
    status_words: str


def tasks(application, overview, *, editable: bool) -> list[Task]:
    return [
        Task(
            key=str(section),
            title=str(SECTION_TITLES[section]),
            url=_url(SECTION_URL_NAMES[section], application) if editable else "",
            status=str(status),
            status_words=str(STATUS_WORDS[status]),
        )
        for section, status in overview.statuses.items()
    ]


def incomplete_sections(application, overview) -> list[Task]:
    return [
        task
        for task in tasks(application, overview, editable=True)
        if task.status != Status.COMPLETED
    ]


@dataclass
class StageWords:
    label: str
    tag_class: str
    next_steps: str


def stage_words(application, *, now=None) -> StageWords:
    vacancy = application.vacancy
    closing = govuk_datetime(vacancy.closing_at)
    if application.stage == Stage.DRAFT:
        if now is not None and not vacancy.is_open(now=now):
            return StageWords(
                _("Not sent"),
                "govuk-tag--grey",
                _("The advert closed at %(closing)s before you sent this application.")
                % {"closing": closing},
            )
        return StageWords(
            _("Not sent yet"),
            "govuk-tag--yellow",
            _("Finish and send your application before %(closing)s.") % {"closing": closing},
        )
    if application.stage == Stage.WITHDRAWN:
        return StageWords(
            _("Withdrawn"),
            "govuk-tag--grey",
            _("You withdrew this application on %(date)s. We will not consider it.")
            % {"date": govuk_datetime(application.withdrawn_at)},
        )
    if application.stage != Stage.SUBMITTED:
        return _pipeline_stage_words(application)
    return StageWords(
        _("Received"),
        "govuk-tag--blue",
        _(
            "The advert closes at %(closing)s. After that the recruitment team reads every "
            "application and we will email you to say whether you are invited to an "
            "assessment and interview."
        )
        % {"closing": closing},
    )


# What happens next at each selection stage (the stage's own words come from the table).
_NEXT_STEPS = {
    Stage.SIFT: gettext_lazy(
        "The recruitment team is reading your application. We will email you with the outcome."
    ),
    Stage.ASSESSMENT_INVITED: gettext_lazy(
        "Choose a time for your assessment using the link in the email we sent you."
    ),
    Stage.ASSESSMENT_BOOKED: gettext_lazy(
        "Your assessment is booked. You can change or cancel it from the link in our email."
    ),
    Stage.ASSESSMENT_COMPLETED: gettext_lazy("We will email you with the outcome."),
    Stage.INTERVIEW_INVITED: gettext_lazy(
        "Choose a time for your interview using the link in the email we sent you."
    ),
    Stage.INTERVIEW_BOOKED: gettext_lazy(
        "Your interview is booked. You can change or cancel it from the link in our email."
    ),
    Stage.INTERVIEW_COMPLETED: gettext_lazy("We will email you with the outcome."),
    Stage.PREFERRED: gettext_lazy("We will contact you about an offer."),
    Stage.RESERVE: gettext_lazy("We will contact you if a post becomes available."),
    Stage.CONDITIONAL_OFFER: gettext_lazy("Read our email about the offer and reply to accept it."),
    Stage.PRE_EMPLOYMENT_CHECKS: gettext_lazy(
        "We are checking your references, medical questionnaire and security clearance."
    ),
    Stage.OFFER_CONFIRMED: gettext_lazy("We will contact you to agree a start date."),
    Stage.START_DATE_AGREED: gettext_lazy("We look forward to you joining us."),
    Stage.ON_HOLD: gettext_lazy(
        "Your application is paused for now. You do not need to do anything."
    ),
    Stage.UNSUCCESSFUL: gettext_lazy(
        "Your application will not go any further. Our email explains why."
    ),
    Stage.OFFER_DECLINED: gettext_lazy("You declined the offer."),
    Stage.OFFER_WITHDRAWN: gettext_lazy(
        "We withdrew the conditional offer. Our email explains why."
    ),
}
_ENDED = {Stage.UNSUCCESSFUL, Stage.OFFER_DECLINED, Stage.OFFER_WITHDRAWN}
_GOOD_NEWS = {
    Stage.CONDITIONAL_OFFER,
    Stage.PRE_EMPLOYMENT_CHECKS,
    Stage.OFFER_CONFIRMED,
    Stage.START_DATE_AGREED,
}


def _pipeline_stage_words(application) -> StageWords:
    stage = Stage(application.stage)
    if stage in _ENDED:
        tag = "govuk-tag--grey"
    elif stage in _GOOD_NEWS:
        tag = "govuk-tag--green"
    elif stage == Stage.ON_HOLD:
        tag = "govuk-tag--orange"
    else:
        tag = "govuk-tag--blue"
    return StageWords(_(candidate_label(stage)), tag, str(_NEXT_STEPS[stage]))


@dataclass
class ListRow:
    application: object
    url: str
    stage: StageWords
    date_label: str
    date: str


def list_row(application, *, now) -> ListRow:
    if application.stage == Stage.DRAFT:
        date_label, when = _("Started"), application.draft_at
    elif application.stage == Stage.WITHDRAWN:
        date_label, when = _("Withdrawn"), application.withdrawn_at
    elif application.stage == Stage.SUBMITTED:
        date_label, when = _("Sent"), application.submitted_at
    else:
        date_label, when = _("Updated"), application.stage_entered_at
    return ListRow(
        application=application,
        url=_url("overview", application),
        stage=stage_words(application, now=now),
        date_label=date_label,
        date=govuk_datetime(when),
    )


# --- Rows of the list sections --------------------------------------------------------


def describe_period(period) -> str:
    return f"{country_name(period.country)}, " + _dates(period.start, period.end, still=_("now"))


def clearance_rows(application, change_url: str) -> list[tuple[str, str, str]]:
    """Check your answers: the clearance the candidate holds (or that they hold none)."""
    a = application
    if not a.holds_clearance:
        return []
    question = _("Vetting clearance you already hold")
    if a.holds_clearance != "yes" or a.held_clearance_level is None:
        return [(question, _("None"), change_url)]
    level = a.held_clearance_level
    held = _("%(level)s, granted by %(granted_by)s on %(granted_on)s") % {
        "level": f"{level.name} ({level.code})",
        "granted_by": a.held_clearance_granted_by,
        "granted_on": govuk_date(a.held_clearance_granted_on),
    }
    return [(question, held, change_url)]


def residence_rows(application) -> list[dict]:
    return [
        {
            "pk": period.pk,
            "country": country_name(period.country),
            "dates": _dates(period.start, period.end, still=_("now (you still live there)")),
            "reason": "" if period.country == "GB" else str(REASON_LABELS.get(period.reason, "")),
            "change_url": _url("residence_change", application, row=period.pk),
            "remove_url": _url("residence_remove", application, row=period.pk),
        }
        for period in application.residence_periods.all()
    ]


def describe_entry(entry) -> str:
    what = entry.role or entry.get_kind_display()
    where = f", {entry.organisation}" if entry.organisation else ""
    return f"{what}{where}"


def employment_rows(entries) -> list[dict]:
    return [
        {
            "pk": entry.pk,
            "title": describe_entry(entry),
            "kind": entry.get_kind_display(),
            "dates": _dates(entry.start, entry.end, still=_("now")),
            "description": entry.description,
            "change_url": _url("employment_change", entry.application, row=entry.pk),
            "remove_url": _url("employment_remove", entry.application, row=entry.pk),
        }
        for entry in entries
    ]


def gap_rows(application, gaps) -> list[dict]:
    add = _url("employment_add", application)
    return [
        {
            "dates": _dates(gap.start, gap.end, still=""),
            "months": gap.days // 30,
            "url": f"{add}?gap_start={gap.start.isoformat()}&gap_end={gap.end.isoformat()}",
        }
        for gap in gaps
    ]


def gap_prefill(query) -> dict:
    """Initial answers for "add a break" from a gap link (ignored if not real dates)."""
    try:
        start = date.fromisoformat(query.get("gap_start", ""))
        end = date.fromisoformat(query.get("gap_end", ""))
    except ValueError:
        return {}
    return {"kind": EmploymentKind.BREAK, "start": start, "end": end}


@dataclass
class QuestionItem:
    number: int
    question: object
    field: object
    hint_id: str = field(default="")


def question_items(form) -> list[QuestionItem]:
    return [
        QuestionItem(number=number, question=question, field=form[name])
        for number, (name, question) in enumerate(form.questions.items(), start=1)
    ]


# --- Check your answers ---------------------------------------------------------------


@dataclass
class SummaryCard:
    key: str
    title: str
    url: str
    rows: list[tuple[str, str, str]]  # (question, answer, change url)


def _yes_no(value) -> str:
    return {"yes": _("Yes"), "no": _("No"), True: _("Yes"), False: _("No")}.get(value, "")


def summary(application, *, editable: bool = False) -> list[SummaryCard]:
    """Every answer as summary-list rows, with Change links back when ``editable``."""

    def link(name: str, **kwargs) -> str:
        return _url(name, application, **kwargs) + "?return=check" if editable else ""

    a = application
    if a.address_location == AddressLocation.UK:
        address = "\n".join(
            part
            for part in (a.address_line_1, a.address_line_2, a.address_town, a.address_postcode)
            if part
        )
    else:
        address = a.address_abroad
    right_to_work = dict(RightToWork.choices).get(a.right_to_work, "")
    if a.right_to_work == RightToWork.VISA and a.visa_ends_on:
        right_to_work = f"{right_to_work}: {govuk_date(a.visa_ends_on)}"
    personal = link("personal_details")
    cards = [
        SummaryCard(
            str(Section.PERSONAL),
            str(SECTION_TITLES[Section.PERSONAL]),
            personal,
            [
                (_("Full name"), a.full_name, personal),
                (_("Preferred name"), a.preferred_name, personal),
                (_("Phone number"), a.phone, personal),
                (_("Address"), address, personal),
                (_("Right to work in the UK"), str(right_to_work), personal),
            ],
        ),
        SummaryCard(
            str(Section.RESIDENCE),
            str(SECTION_TITLES[Section.RESIDENCE]),
            link("residence"),
            [
                (
                    row["country"],
                    row["dates"] + (f"\n{row['reason']}" if row["reason"] else ""),
                    link("residence_change", row=row["pk"]),
                )
                for row in residence_rows(a)
            ]
            + (
                [
                    (
                        _("Why an exemption applies"),
                        a.residence_exemption_statement,
                        link("residence"),
                    )
                ]
                if a.residence_exemption_statement
                else []
            )
            + clearance_rows(a, link("clearance")),
        ),
        SummaryCard(
            str(Section.EMPLOYMENT),
            str(SECTION_TITLES[Section.EMPLOYMENT]),
            link("employment"),
            [
                (
                    row["title"],
                    row["dates"] + (f"\n{row['description']}" if row["description"] else ""),
                    link("employment_change", row=row["pk"]),
                )
                for row in employment_rows(a.employment_entries.all())
            ],
        ),
        SummaryCard(
            str(Section.REFEREES),
            str(SECTION_TITLES[Section.REFEREES]),
            link("referees"),
            [
                (
                    referee.name,
                    "\n".join(
                        part
                        for part in (
                            referee.organisation,
                            referee.relationship,
                            referee.email,
                            referee.phone,
                            _("Most recent employer") if referee.is_most_recent_employer else "",
                        )
                        if part
                    ),
                    link("referee_change", row=referee.pk),
                )
                for referee in a.referees.all()
            ]
            + [(_("Contact only after an offer"), _yes_no(a.referee_consent), link("referees"))],
        ),
        SummaryCard(
            str(Section.QUESTIONS),
            str(SECTION_TITLES[Section.QUESTIONS]),
            link("questions"),
            [
                (
                    f"{question.get_competency_display()}: {question.question}",
                    answer,
                    link("questions") + (f"#id_answer_{question.pk}" if editable else ""),
                )
                for question, answer in selectors.questions_with_answers(a)
            ],
        ),
        SummaryCard(
            str(Section.ADJUSTMENTS),
            str(SECTION_TITLES[Section.ADJUSTMENTS]),
            link("adjustments"),
            [
                (
                    _("Adjustments for the assessment or interview"),
                    a.adjustments_detail or _yes_no(a.adjustments_needed),
                    link("adjustments"),
                ),
                (
                    _("Apply under the Disability Confident scheme"),
                    _yes_no(a.disability_confident),
                    link("adjustments"),
                ),
            ],
        ),
        SummaryCard(
            str(Section.EQUALITY),
            str(SECTION_TITLES[Section.EQUALITY]),
            link("equality"),
            [
                (
                    _("Equality monitoring"),
                    _("Answered (your answers are kept separately and not shown here)")
                    if a.equality_completed
                    else "",
                    link("equality"),
                )
            ],
        ),
        SummaryCard(
            str(Section.DECLARATION),
            str(SECTION_TITLES[Section.DECLARATION]),
            link("declaration"),
            [
                (
                    _("The information is true and complete"),
                    _yes_no(a.declaration_true),
                    link("declaration"),
                ),
                (
                    _("I agree to vetting checks if offered the job"),
                    _yes_no(a.declaration_vetting_consent),
                    link("declaration"),
                ),
            ],
        ),
    ]
    return cards
