"""The stages of an application and the moves between them, as data.

Pure Python (no Django import): the table is what the services obey and what
the docs and tests read. Each ``Move`` names, for one stage and one event, the
target stage, who may make it (candidate, staff, system), the permission a
staff member needs, the guards that must pass, the email kind queued with it,
the words the candidate sees and the words staff see, and what the staff form
must ask for (a reason, structured reasons, a date).

``move(from_stage, to_stage, actor)`` is the only function that decides
whether a move is declared; ``check_guards`` runs a move's guards over the
facts the service gathered and returns every problem in plain English.
``applications.services`` applies a move to a row (lock, timestamp, event row,
email) in one transaction. The diagram in docs/pipeline.md is drawn from
``MOVES`` by ``mermaid()``; a test fails when the file is stale.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Marks candidate-facing words for translation (makemessages finds the name);
    the pages translate them when they show them."""
    return message


class Stage(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIFT = "sift"
    ASSESSMENT_INVITED = "assessment_invited"
    ASSESSMENT_BOOKED = "assessment_booked"
    ASSESSMENT_COMPLETED = "assessment_completed"
    INTERVIEW_INVITED = "interview_invited"
    INTERVIEW_BOOKED = "interview_booked"
    INTERVIEW_COMPLETED = "interview_completed"
    PREFERRED = "preferred"
    RESERVE = "reserve"
    CONDITIONAL_OFFER = "conditional_offer"
    PRE_EMPLOYMENT_CHECKS = "pre_employment_checks"
    OFFER_CONFIRMED = "offer_confirmed"
    START_DATE_AGREED = "start_date_agreed"
    ON_HOLD = "on_hold"
    # Ends
    UNSUCCESSFUL = "unsuccessful"
    WITHDRAWN = "withdrawn"
    OFFER_DECLINED = "offer_declined"
    OFFER_WITHDRAWN = "offer_withdrawn"


STAGE_MAX_LENGTH = 30

# What each stage is called: (staff words, candidate words). Candidate words
# never say "rejected".
STAGE_LABELS: dict[Stage, tuple[str, str]] = {
    Stage.DRAFT: ("Draft", gettext_noop("Not sent yet")),
    Stage.SUBMITTED: ("Submitted", gettext_noop("Received")),
    Stage.SIFT: ("Sift", gettext_noop("Being assessed")),
    Stage.ASSESSMENT_INVITED: ("Invited to assessment", gettext_noop("Invited to an assessment")),
    Stage.ASSESSMENT_BOOKED: ("Assessment booked", gettext_noop("Assessment booked")),
    Stage.ASSESSMENT_COMPLETED: ("Assessment completed", gettext_noop("Assessment done")),
    Stage.INTERVIEW_INVITED: ("Invited to interview", gettext_noop("Invited to an interview")),
    Stage.INTERVIEW_BOOKED: ("Interview booked", gettext_noop("Interview booked")),
    Stage.INTERVIEW_COMPLETED: ("Interview completed", gettext_noop("Interview done")),
    Stage.PREFERRED: ("Preferred candidate", gettext_noop("Waiting for a decision")),
    Stage.RESERVE: ("Reserve", gettext_noop("On the reserve list")),
    Stage.CONDITIONAL_OFFER: ("Conditional offer", gettext_noop("Conditional offer")),
    Stage.PRE_EMPLOYMENT_CHECKS: ("Pre-employment checks", gettext_noop("Pre-employment checks")),
    Stage.OFFER_CONFIRMED: ("Offer confirmed", gettext_noop("Offer confirmed")),
    Stage.START_DATE_AGREED: ("Start date agreed", gettext_noop("Start date agreed")),
    Stage.ON_HOLD: ("On hold", gettext_noop("Paused")),
    Stage.UNSUCCESSFUL: ("Unsuccessful", gettext_noop("Unsuccessful")),
    Stage.WITHDRAWN: ("Withdrawn", gettext_noop("Withdrawn")),
    Stage.OFFER_DECLINED: ("Offer declined", gettext_noop("Offer declined")),
    Stage.OFFER_WITHDRAWN: ("Offer withdrawn", gettext_noop("Offer withdrawn")),
}


class Actor(enum.StrEnum):
    CANDIDATE = "candidate"
    STAFF = "staff"
    SYSTEM = "system"


class Needs(enum.StrEnum):
    """What the staff form for a move asks for."""

    REASON = "reason"  # free text, kept on the event (staff only)
    REASONS = "reasons"  # structured reasons (UNSUCCESSFUL_REASONS), told to the candidate
    DATE = "date"  # e.g. the agreed start date


class Guard(enum.StrEnum):
    ASSESSMENT_PASS_MARK = "assessment_pass_mark"  # noqa: S105 (a guard name)
    TWO_PANEL_SCORES = "two_panel_scores"
    CHECKS_CLEARED = "checks_cleared"
    DISABILITY_CONFIDENT_SIFT = "disability_confident_sift"
    RETURNS_TO_HELD_STAGE = "returns_to_held_stage"


# Permissions (app_label.codename) named by the table; accounts.roles grants them.
MOVE = "applications.move_application"
OFFER = "applications.make_offer"
# The sift decision: the sifter role holds this (and not MOVE), so a blind sifter
# can make exactly the moves out of submitted and sift.
SIFT = "applications.sift_application"

# Structured reasons for an unsuccessful application: code -> (staff words,
# candidate words). The candidate's email gives the chosen ones in plain words.
UNSUCCESSFUL_REASONS: dict[str, tuple[str, str]] = {
    "eligibility": (
        "Does not meet the eligibility requirements",
        gettext_noop("You do not meet the eligibility requirements for this role."),
    ),
    "essential_criteria": (
        "Essential criteria not evidenced",
        gettext_noop("Your application did not show enough evidence of the essential criteria."),
    ),
    "competency_evidence": (
        "Competency answers below the standard",
        gettext_noop("Your answers did not show enough evidence for the behaviours we assessed."),
    ),
    "assessment_below_pass_mark": (
        "Assessment below the pass mark",
        gettext_noop("Your assessment result was below the standard needed for this role."),
    ),
    "interview_below_standard": (
        "Interview below the standard",
        gettext_noop("Your interview did not reach the standard needed for this role."),
    ),
    "did_not_attend": (
        "Did not attend",
        gettext_noop("You did not attend the assessment or interview you were invited to."),
    ),
    "stronger_candidates": (
        "Other candidates closer to the role",
        gettext_noop("Other candidates matched the role more closely."),
    ),
    "posts_filled": (
        "All posts filled",
        gettext_noop("All the posts for this role have now been filled."),
    ),
}


@dataclass(frozen=True)
class Move:
    from_stage: Stage
    to_stage: Stage
    event: str  # names the event row and the email kind
    actors: frozenset[Actor]
    # The email kind queued with the move.
    email_kind: str | None = None
    staff_label: str = ""  # the button staff press
    candidate_label: str = ""  # what the candidate's history says happened
    permission: str | None = None  # needed by a staff actor
    guards: tuple[Guard, ...] = ()
    needs: frozenset[Needs] = field(default_factory=frozenset)


_STAFF = frozenset({Actor.STAFF})
_CANDIDATE = frozenset({Actor.CANDIDATE})
_EITHER = frozenset({Actor.CANDIDATE, Actor.STAFF})


def _m(from_stage, to_stage, event, staff_label, candidate_label, **options) -> Move:
    options.setdefault("actors", _STAFF)
    if Actor.STAFF in options["actors"]:
        options.setdefault("permission", MOVE)
    options.setdefault("email_kind", f"application_{event}")
    options["needs"] = frozenset(options.get("needs", ()))
    return Move(
        from_stage,
        to_stage,
        event=event,
        staff_label=staff_label,
        candidate_label=candidate_label,
        **options,
    )


S = Stage

# The main path, in order: each may be held, and (before an offer) ended as unsuccessful.
PATH: tuple[Stage, ...] = (
    S.SUBMITTED,
    S.SIFT,
    S.ASSESSMENT_INVITED,
    S.ASSESSMENT_BOOKED,
    S.ASSESSMENT_COMPLETED,
    S.INTERVIEW_INVITED,
    S.INTERVIEW_BOOKED,
    S.INTERVIEW_COMPLETED,
    S.PREFERRED,
    S.RESERVE,
    S.CONDITIONAL_OFFER,
    S.PRE_EMPLOYMENT_CHECKS,
    S.OFFER_CONFIRMED,
    S.START_DATE_AGREED,
)
# Where the candidate may still withdraw (after an offer, they decline it instead).
WITHDRAWABLE: tuple[Stage, ...] = PATH[: PATH.index(S.CONDITIONAL_OFFER)]
# Where staff may end an application as unsuccessful (a named stage, structured reasons).
UNSUCCESSFUL_FROM: tuple[Stage, ...] = WITHDRAWABLE
# Where staff may pause an application (and later return it to the same stage).
HOLDABLE: tuple[Stage, ...] = PATH[: PATH.index(S.OFFER_CONFIRMED)]
# Stages at which "unsuccessful" is a sift decision (Disability Confident guard).
SIFT_STAGES = frozenset({S.SUBMITTED, S.SIFT})

_FORWARD: tuple[Move, ...] = (
    _m(
        S.DRAFT,
        S.SUBMITTED,
        "submitted",
        "Submit",
        gettext_noop("You sent your application"),
        actors=_CANDIDATE,
    ),
    _m(
        S.SUBMITTED,
        S.SIFT,
        "sift_started",
        "Start sift",
        gettext_noop("We started assessing your application"),
        permission=SIFT,
    ),
    _m(
        S.SIFT,
        S.ASSESSMENT_INVITED,
        "assessment_invited",
        "Invite to assessment",
        gettext_noop("We invited you to an assessment"),
        permission=SIFT,
    ),
    _m(
        S.ASSESSMENT_INVITED,
        S.ASSESSMENT_BOOKED,
        "assessment_booked",
        "Book an assessment slot",
        gettext_noop("You booked an assessment"),
        actors=_EITHER,
    ),
    _m(
        S.ASSESSMENT_BOOKED,
        S.ASSESSMENT_INVITED,
        "assessment_booking_cancelled",
        "Cancel the assessment booking",
        gettext_noop("Your assessment booking was cancelled"),
        actors=_EITHER,
    ),
    _m(
        S.ASSESSMENT_BOOKED,
        S.ASSESSMENT_COMPLETED,
        "assessment_completed",
        "Mark assessment completed",
        gettext_noop("You completed the assessment"),
    ),
    _m(
        S.ASSESSMENT_COMPLETED,
        S.INTERVIEW_INVITED,
        "interview_invited",
        "Invite to interview",
        gettext_noop("We invited you to an interview"),
        guards=(Guard.ASSESSMENT_PASS_MARK,),
    ),
    _m(
        S.INTERVIEW_INVITED,
        S.INTERVIEW_BOOKED,
        "interview_booked",
        "Book an interview slot",
        gettext_noop("You booked an interview"),
        actors=_EITHER,
    ),
    _m(
        S.INTERVIEW_BOOKED,
        S.INTERVIEW_INVITED,
        "interview_booking_cancelled",
        "Cancel the interview booking",
        gettext_noop("Your interview booking was cancelled"),
        actors=_EITHER,
    ),
    _m(
        S.INTERVIEW_BOOKED,
        S.INTERVIEW_COMPLETED,
        "interview_completed",
        "Mark interview completed",
        gettext_noop("You completed the interview"),
    ),
    _m(
        S.INTERVIEW_COMPLETED,
        S.PREFERRED,
        "preferred",
        "Make preferred candidate",
        gettext_noop("You were chosen as a preferred candidate"),
    ),
    _m(
        S.INTERVIEW_COMPLETED,
        S.RESERVE,
        "reserve",
        "Put on the reserve list",
        gettext_noop("We put you on the reserve list"),
    ),
    _m(
        S.RESERVE,
        S.PREFERRED,
        "promoted_from_reserve",
        "Make preferred candidate from the reserve list",
        gettext_noop("You were chosen from the reserve list"),
    ),
    _m(
        S.PREFERRED,
        S.CONDITIONAL_OFFER,
        "conditional_offer",
        "Make a conditional offer",
        gettext_noop("We made you a conditional offer"),
        permission=OFFER,
        guards=(Guard.TWO_PANEL_SCORES,),
    ),
    _m(
        S.CONDITIONAL_OFFER,
        S.PRE_EMPLOYMENT_CHECKS,
        "offer_accepted",
        "Record offer accepted and start checks",
        gettext_noop("You accepted the conditional offer; pre-employment checks started"),
        # The candidate accepts from the offer page (offers app); HR may record an
        # acceptance given another way.
        actors=_EITHER,
        permission=OFFER,
    ),
    _m(
        S.PRE_EMPLOYMENT_CHECKS,
        S.OFFER_CONFIRMED,
        "offer_confirmed",
        "Confirm the offer",
        gettext_noop("We confirmed your offer"),
        permission=OFFER,
        guards=(Guard.CHECKS_CLEARED,),
    ),
    _m(
        S.OFFER_CONFIRMED,
        S.START_DATE_AGREED,
        "start_date_agreed",
        "Record the agreed start date",
        gettext_noop("We agreed your start date"),
        permission=OFFER,
        needs=(Needs.DATE,),
    ),
)

_ENDS: tuple[Move, ...] = (
    *(
        _m(
            stage,
            S.WITHDRAWN,
            "withdrawn",
            "Withdraw",
            gettext_noop("You withdrew your application"),
            actors=_CANDIDATE,
        )
        for stage in (*WITHDRAWABLE, S.ON_HOLD)
    ),
    *(
        _m(
            stage,
            S.UNSUCCESSFUL,
            "unsuccessful",
            "Mark unsuccessful",
            gettext_noop("We told you the outcome"),
            needs=(Needs.REASONS,),
            guards=(Guard.DISABILITY_CONFIDENT_SIFT,) if stage in SIFT_STAGES else (),
            permission=SIFT if stage in SIFT_STAGES else MOVE,
        )
        for stage in UNSUCCESSFUL_FROM
    ),
    *(
        _m(
            stage,
            S.OFFER_DECLINED,
            "offer_declined",
            "Record offer declined",
            gettext_noop("You declined the offer"),
            actors=_EITHER,
            permission=OFFER,
        )
        for stage in (S.CONDITIONAL_OFFER, S.PRE_EMPLOYMENT_CHECKS, S.OFFER_CONFIRMED)
    ),
    _m(
        S.PRE_EMPLOYMENT_CHECKS,
        S.OFFER_WITHDRAWN,
        "conditional_offer_withdrawn",
        "Withdraw the conditional offer",
        gettext_noop("We withdrew the conditional offer"),
        permission=OFFER,
        needs=(Needs.REASON,),
    ),
)


def _permission_at(stage: Stage) -> str:
    """Holding (or releasing) an offer is an offer decision: HR's."""
    return OFFER if PATH.index(stage) >= PATH.index(S.CONDITIONAL_OFFER) else MOVE


_HOLD: tuple[Move, ...] = (
    *(
        _m(
            stage,
            S.ON_HOLD,
            "put_on_hold",
            "Put on hold",
            gettext_noop("We paused your application"),
            needs=(Needs.REASON,),
            permission=_permission_at(stage),
        )
        for stage in HOLDABLE
    ),
    *(
        _m(
            S.ON_HOLD,
            stage,
            "taken_off_hold",
            "Take off hold",
            gettext_noop("We restarted your application"),
            guards=(Guard.RETURNS_TO_HELD_STAGE,),
            permission=_permission_at(stage),
        )
        for stage in HOLDABLE
    ),
)

MOVES: tuple[Move, ...] = (*_FORWARD, *_ENDS, *_HOLD)

_BY_STAGES = {(move.from_stage, move.to_stage): move for move in MOVES}
assert len(_BY_STAGES) == len(MOVES), "two moves between the same pair of stages"

TERMINAL_STAGES = frozenset(
    {S.UNSUCCESSFUL, S.WITHDRAWN, S.OFFER_DECLINED, S.OFFER_WITHDRAWN, S.START_DATE_AGREED}
)

# Each stage's own timestamp field on the application row ("when it last entered").
STAGE_TIMESTAMP_FIELDS: dict[Stage, str] = {stage: f"{stage.value}_at" for stage in Stage}

# Stages whose answers the candidate can still change.
EDITABLE_STAGES = frozenset({S.DRAFT})

# Every email kind the table names (applications.emails registers them all).
EMAIL_KINDS: frozenset[str] = frozenset(m.email_kind for m in MOVES if m.email_kind)


class MoveRefused(Exception):
    def __init__(self, from_stage: str, to_stage: str, actor: str):
        super().__init__(f"No move from {from_stage} to {to_stage} by {actor}")
        self.from_stage, self.to_stage, self.actor = from_stage, to_stage, actor


def move(from_stage: str, to_stage: str, actor: str) -> Move:
    """The declared move, or MoveRefused if the table has no such move for this actor."""
    try:
        found = _BY_STAGES[(Stage(from_stage), Stage(to_stage))]
        if Actor(actor) in found.actors:
            return found
    except (KeyError, ValueError):
        pass
    raise MoveRefused(from_stage, to_stage, actor)


def can_move(from_stage: str, to_stage: str, actor: str) -> bool:
    try:
        move(from_stage, to_stage, actor)
    except MoveRefused:
        return False
    return True


def moves_from(stage: str, actor: str, *, held_from: str = "") -> list[Move]:
    """The moves this actor may make now (off hold: only back to the held stage)."""
    found = [m for m in MOVES if m.from_stage == stage and Actor(actor) in m.actors]
    if stage == S.ON_HOLD:
        found = [
            m
            for m in found
            if Guard.RETURNS_TO_HELD_STAGE not in m.guards or m.to_stage == held_from
        ]
    return found


def staff_label(stage: str) -> str:
    return STAGE_LABELS[Stage(stage)][0]


def candidate_label(stage: str) -> str:
    return STAGE_LABELS[Stage(stage)][1]


# --- Keeping HR on time ---------------------------------------------------------------

# Days an application may stay at a stage before it is overdue (a ROCU may set its own).
STAGE_TARGET_DAYS: dict[Stage, int] = {
    S.SUBMITTED: 14,
    S.SIFT: 10,
    S.ASSESSMENT_INVITED: 7,
    S.ASSESSMENT_BOOKED: 21,
    S.ASSESSMENT_COMPLETED: 5,
    S.INTERVIEW_INVITED: 7,
    S.INTERVIEW_BOOKED: 21,
    S.INTERVIEW_COMPLETED: 5,
    S.PREFERRED: 5,
    S.RESERVE: 180,
    S.CONDITIONAL_OFFER: 10,
    S.PRE_EMPLOYMENT_CHECKS: 60,
    S.OFFER_CONFIRMED: 30,
    S.ON_HOLD: 30,
}


def target_days(stage: str, overrides: dict | None = None) -> int | None:
    """The stage's target in days (a ROCU's override, else the default); None: no target."""
    if overrides and isinstance(overrides.get(stage), int) and overrides[stage] > 0:
        return overrides[stage]
    return STAGE_TARGET_DAYS.get(Stage(stage))


def is_overdue(stage: str, days_in_stage: float, overrides: dict | None = None) -> bool:
    days = target_days(stage, overrides)
    return days is not None and days_in_stage > days


# --- Guards ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GuardFacts:
    """What the guards look at, gathered by the service from the rows."""

    assessment_score: float | None = None  # the moderated assessment score
    pass_mark: float | None = None
    interview_panel_scorers: int = 0  # panel members who submitted interview scores
    disability_confident: bool = False
    # references, medical, right_to_work, vetting
    checks_cleared: dict[str, bool] = field(default_factory=dict)
    held_from: str = ""
    override_reason: str = ""  # staff's recorded reason for overriding an overridable guard


# Guards that a recorded reason may override; the others never yield.
OVERRIDABLE = frozenset({Guard.ASSESSMENT_PASS_MARK, Guard.DISABILITY_CONFIDENT_SIFT})
REQUIRED_CHECKS: tuple[tuple[str, str], ...] = (
    ("references", "Both references must be satisfactory"),
    ("medical", "The medical questionnaire must be cleared"),
    ("right_to_work", "The right to work must be checked"),
    ("vetting", "Vetting must be cleared at the advert's level"),
)
PANEL_SCORERS_FOR_OFFER = 2


def _guard_problems(guard: Guard, declared: Move, facts: GuardFacts) -> list[str]:
    if guard == Guard.ASSESSMENT_PASS_MARK:
        if facts.assessment_score is None:
            return ["The assessment has no moderated score yet"]
        if facts.pass_mark is not None and facts.assessment_score < facts.pass_mark:
            return [
                f"The moderated assessment score ({facts.assessment_score:g}) is below the "
                f"advert's pass mark ({facts.pass_mark:g})"
            ]
        return []
    if guard == Guard.TWO_PANEL_SCORES:
        if facts.interview_panel_scorers < PANEL_SCORERS_FOR_OFFER:
            return [
                f"An offer needs interview scores from at least {PANEL_SCORERS_FOR_OFFER} "
                f"panel members (there are {facts.interview_panel_scorers})"
            ]
        return []
    if guard == Guard.CHECKS_CLEARED:
        return [text for check, text in REQUIRED_CHECKS if not facts.checks_cleared.get(check)]
    if guard == Guard.DISABILITY_CONFIDENT_SIFT:
        if facts.disability_confident:
            return [
                "The candidate applied under the Disability Confident scheme: if they meet the "
                "minimum criteria they must be offered the next stage"
            ]
        return []
    if guard == Guard.RETURNS_TO_HELD_STAGE:
        if declared.to_stage != facts.held_from:
            held = staff_label(facts.held_from) if facts.held_from else "no stage"
            return [f"An application comes off hold to the stage it was held at ({held})"]
        return []
    raise ValueError(guard)


def check_guards(declared: Move, facts: GuardFacts, *, override: bool = False) -> list[str]:
    """Every problem that stops this move, in plain English (empty: it may go ahead).

    An overridable guard yields when ``override`` is set and a reason is recorded;
    asking to override without a reason is itself a problem.
    """
    problems: list[str] = []
    for guard in declared.guards:
        found = _guard_problems(guard, declared, facts)
        if found and override and guard in OVERRIDABLE:
            if facts.override_reason.strip():
                continue
            problems += [*found, "Give a reason for the override"]
            continue
        problems += found
    return problems


# --- The diagram -----------------------------------------------------------------------


def mermaid() -> str:
    """The state diagram as a Mermaid block: every move in MOVES is one arrow."""
    lines = ["```mermaid", "stateDiagram-v2"]
    for stage in Stage:
        lines.append(f"    {stage.value}: {staff_label(stage)}")
    lines.append("    [*] --> draft")
    for m in MOVES:
        lines.append(
            f"    {m.from_stage.value} --> {m.to_stage.value}: {m.event.replace('_', ' ')}"
        )
    for stage in Stage:
        if stage in TERMINAL_STAGES:
            lines.append(f"    {stage.value} --> [*]")
    lines.append("```")
    return "\n".join(lines) + "\n"


def markdown_tables() -> str:
    """The stages and the moves as Markdown tables (docs/pipeline.md), from the table."""
    lines = [
        "| Stage | Staff see | Candidate sees | End? | Target (days) |",
        "|---|---|---|---|---|",
    ]
    for stage in Stage:
        staff, candidate = STAGE_LABELS[stage]
        end = "yes" if stage in TERMINAL_STAGES else ""
        target = STAGE_TARGET_DAYS.get(stage, "")
        lines.append(f"| `{stage.value}` | {staff} | {candidate} | {end} | {target} |")
    lines += [
        "",
        "| From | Event | To | Who | Permission | Guards | Form asks for | Email |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in MOVES:
        who = ", ".join(sorted(actor.value for actor in m.actors))
        guards = ", ".join(guard.value for guard in m.guards)
        needs = ", ".join(sorted(need.value for need in m.needs))
        lines.append(
            f"| `{m.from_stage.value}` | {m.event} | `{m.to_stage.value}` | {who} | "
            f"{m.permission or ''} | {guards} | {needs} | {m.email_kind or ''} |"
        )
    return "\n".join(lines) + "\n"
