"""An application: one candidate, one advert, its eight sections and its stage.

``stage`` and the per-stage timestamps are set only by ``applications.services``
through the move table in ``applications.workflow``; each move writes an
``ApplicationEvent``. List answers (places lived, jobs, referees, competency
answers) are rows of their own so a page reads them in one query each.

Equality monitoring is a table of its own that no admin page, selector used by
staff, or staff permission reads (docs/applications.md): whoever scores an
application cannot see it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import STAGE_MAX_LENGTH, Stage, staff_label

# Staff words for each stage, from the table (candidate words: workflow.candidate_label).
STAGE_CHOICES = [(stage.value, staff_label(stage)) for stage in Stage]


class AddressLocation(models.TextChoices):
    UK = "uk", _("In the UK")
    ABROAD = "abroad", _("Outside the UK (including a British Forces posting)")


class RightToWork(models.TextChoices):
    YES = "yes", _("Yes")
    VISA = "visa", _("Yes, with a visa or permission that ends on a date")
    NO = "no", _("No")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class ResidenceOutcome(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    REVIEW = "review", "Review"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"


class Application(models.Model):
    candidate = models.ForeignKey(
        "applicants.Candidate", on_delete=models.PROTECT, related_name="applications"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", on_delete=models.PROTECT, related_name="applications"
    )
    stage = models.CharField(
        max_length=STAGE_MAX_LENGTH,
        choices=STAGE_CHOICES,
        default=Stage.DRAFT.value,
        editable=False,
    )
    # When the application last entered its current stage (time in stage, overdue flags).
    stage_entered_at = models.DateTimeField(default=timezone.now, editable=False)
    draft_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When it (last) entered each pipeline stage: workflow.STAGE_TIMESTAMP_FIELDS.
    sift_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessment_invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessment_booked_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessment_completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    interview_invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    interview_booked_at = models.DateTimeField(null=True, blank=True, editable=False)
    interview_completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    preferred_at = models.DateTimeField(null=True, blank=True, editable=False)
    reserve_at = models.DateTimeField(null=True, blank=True, editable=False)
    conditional_offer_at = models.DateTimeField(null=True, blank=True, editable=False)
    pre_employment_checks_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    start_date_agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    on_hold_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsuccessful_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_declined_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Pipeline facts set by moves (applications.services.application_move).
    held_from_stage = models.CharField(max_length=STAGE_MAX_LENGTH, blank=True, editable=False)
    unsuccessful_stage = models.CharField(max_length=STAGE_MAX_LENGTH, blank=True, editable=False)
    unsuccessful_reasons = models.JSONField(default=list, blank=True, editable=False)
    assessment_score = models.DecimalField(
        "moderated assessment score",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    start_date = models.DateField(null=True, blank=True, editable=False)
    reference = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # 1. Personal details
    full_name = models.CharField(max_length=200, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address_location = models.CharField(max_length=10, choices=AddressLocation.choices, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    address_town = models.CharField(max_length=100, blank=True)
    address_postcode = models.CharField(max_length=10, blank=True)
    address_abroad = models.TextField(max_length=500, blank=True)
    right_to_work = models.CharField(max_length=10, choices=RightToWork.choices, blank=True)
    visa_ends_on = models.DateField(null=True, blank=True)

    # 2. Where you have lived (periods are ResidencePeriod rows)
    residence_all_added = models.BooleanField(default=False)
    residence_exemption_statement = models.TextField(max_length=5000, blank=True)
    # Clearance the candidate already holds (transferees, secondees): a vetting unit
    # may accept it instead of vetting again, so the application is flagged for review
    # (docs/vetting-requirements.md). Sensitive: never in logs or emails.
    holds_clearance = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    held_clearance_level = models.ForeignKey(
        "vetting.VettingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    held_clearance_granted_by = models.CharField(max_length=120, blank=True)
    held_clearance_granted_on = models.DateField(null=True, blank=True)

    # 3. Employment and education (EmploymentEntry rows)
    employment_all_added = models.BooleanField(default=False)

    # 4. Referees (Referee rows)
    referee_consent = models.BooleanField(default=False)

    # 6. Adjustments
    adjustments_needed = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    adjustments_detail = models.TextField(max_length=5000, blank=True)
    disability_confident = models.CharField(max_length=3, choices=YesNo.choices, blank=True)

    # 7. Equality monitoring: only whether it was done; the answers are elsewhere.
    equality_completed = models.BooleanField(default=False)

    # 8. Declaration
    declaration_true = models.BooleanField(default=False)
    declaration_vetting_consent = models.BooleanField(default=False)

    # The residence rule as run at submission (as_of = the submission date, UK).
    residence_outcome = models.CharField(
        max_length=20, choices=ResidenceOutcome.choices, blank=True, editable=False
    )
    residence_level_code = models.CharField(max_length=10, blank=True, editable=False)
    residence_required_years = models.PositiveSmallIntegerField(null=True, editable=False)
    residence_window_start = models.DateField(null=True, editable=False)
    residence_window_end = models.DateField(null=True, editable=False)
    residence_reasons = models.JSONField(default=list, blank=True, editable=False)
    flagged_for_review = models.BooleanField(default=False, editable=False)

    withdrawal_reason = models.TextField(max_length=2000, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-draft_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "vacancy"], name="application_once_per_candidate_and_advert"
            ),
            models.CheckConstraint(
                condition=models.Q(stage=Stage.DRAFT)
                | models.Q(submitted_at__isnull=False, reference__isnull=False),
                name="application_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=Stage.WITHDRAWN) | models.Q(withdrawn_at__isnull=False),
                name="application_withdrawn_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "vacancy"], name="application_stage_vacancy"),
            # The HR list, newest first (with the admin's tie-break on id): one page is
            # read from the index, not sorted out of every application of the ROCU.
            models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
        ]
        permissions = [
            ("move_application", "Can move applications through the selection stages"),
            ("make_offer", "Can make, confirm and withdraw offers"),
            ("sift_application", "Can make the sift decision"),
            ("view_candidate_identity", "Can see who the candidate is (not a blind sifter)"),
        ]

    def __str__(self):
        return self.reference or f"Draft application {self.pk}"


class ResidencePeriod(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="residence_periods"
    )
    country = models.CharField(max_length=2)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=20, default="resident")

    class Meta:
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="residence_period_end_after_start",
            )
        ]

    def __str__(self):
        return f"Residence period {self.pk}"


class EmploymentKind(models.TextChoices):
    JOB = "job", _("A job (paid or voluntary)")
    EDUCATION = "education", _("Education or training")
    BREAK = "break", _("A break (for example, looking for work, caring, travelling)")


class EmploymentEntry(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="employment_entries"
    )
    kind = models.CharField(max_length=10, choices=EmploymentKind.choices)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="employment_entry_end_after_start",
            )
        ]

    def __str__(self):
        return f"Employment entry {self.pk}"


class Referee(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    organisation = models.CharField(max_length=200)
    relationship = models.CharField(max_length=200)
    is_most_recent_employer = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Referee {self.pk}"


class CompetencyAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "vacancies.AdvertQuestion", on_delete=models.CASCADE, related_name="answers"
    )
    answer = models.TextField(max_length=10000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="competency_answer_once"
            )
        ]

    def __str__(self):
        return f"Answer {self.pk}"


class EqualityMonitoring(models.Model):
    """Optional monitoring answers; kept apart from the application and from every scorer.

    No default permissions and no admin: nobody in the service can read these
    rows one by one. (Anonymised reporting, with small numbers suppressed, is a
    later piece of work.)
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    age_group = models.CharField(max_length=30, blank=True)
    sex = models.CharField(max_length=30, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    disability = models.CharField(max_length=30, blank=True)
    sexual_orientation = models.CharField(max_length=30, blank=True)
    religion = models.CharField(max_length=30, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return "Equality monitoring answers"


class ApplicationEvent(models.Model):
    """One stage move: who, when, from, to, why. Written only by applications.services."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=STAGE_MAX_LENGTH)
    to_stage = models.CharField(max_length=STAGE_MAX_LENGTH)
    at = models.DateTimeField()
    by_candidate = models.ForeignKey(
        "applicants.Candidate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(max_length=2000, blank=True)
    # What the move recorded besides: structured reasons, overridden guards, a date, a bulk id.
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.event} at {self.at:%Y-%m-%d %H:%M:%S}"


class ApplicationReferenceCounter(models.Model):
    """The last application number issued per advert (NERSOU-2026-0012-0042)."""

    vacancy = models.OneToOneField(
        "vacancies.Vacancy", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.vacancy_id}: {self.last_number}"


class ScoreRound(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment exercise"
    INTERVIEW = "interview", "Interview"


class ScoreSheet(models.Model):
    """One assessor's scores for one application in one round, per CVF competency.

    ``scores`` maps a competency code (vacancies.models.Competency) to a whole
    number on the advert's scale. Until ``submitted_at`` is set the sheet is the
    assessor's own draft; an assessor sees others' sheets only once theirs is
    submitted (applications.selectors.score_sheets_visible_to).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="score_sheets"
    )
    round = models.CharField(max_length=20, choices=ScoreRound.choices)
    assessor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)
    comments = models.TextField(max_length=5000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "assessor"], name="score_sheet_once_per_assessor"
            )
        ]

    def __str__(self):
        return f"Score sheet {self.pk}"


class ApplicationNote(models.Model):
    """A note staff keep on an application (never shown to the candidate or a blind sifter)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"Note {self.pk}"
