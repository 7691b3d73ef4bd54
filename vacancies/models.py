"""Job adverts (vacancies): each belongs to one ROCU and names its vetting level.

The rows and their own invariants live here (field validation in ``clean()``
and the same rules again as database constraints, so that no code path can
store an impossible advert). Life-cycle changes are made only by
``vacancies.services``, which also writes a ``VacancyAuditEntry`` for each.

"Open" means status=published AND closing_at > now: an advert whose closing
time has passed is not open even before the close task has run.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


class FocusArea(models.TextChoices):
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
    COUNTY_LINES = "county_lines", _("County lines")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    ORGANISED_IMMIGRATION_CRIME = "organised_immigration_crime", _("Organised immigration crime")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child sexual abuse")
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", _("Child sexual exploitation")


class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    FLEXIBLE = "flexible", _("Flexible working")


class ContractType(models.TextChoices):
    FIXED_TERM = "fixed_term", _("Fixed term")
    PERMANENT = "permanent", _("Permanent")


class VacancyQuerySet(models.QuerySet):
    def open(self, *, now=None):
        """Published and not yet past its closing time (the close task may not have run).

        The one definition of "open" for queries; ``Vacancy.is_open`` is the same
        rule for a row already in memory.
        """
        return self.filter(status=VacancyStatus.PUBLISHED, closing_at__gt=now or timezone.now())


class Vacancy(models.Model):
    rocu = models.ForeignKey(
        "accounts.Rocu", on_delete=models.PROTECT, related_name="vacancies", verbose_name="ROCU"
    )
    reference = models.CharField(
        max_length=30,
        unique=True,
        editable=False,
        help_text="Generated when the advert is created, e.g. NERSOU-2026-0012.",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    status = models.CharField(
        max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT, editable=False
    )
    vetting_level = models.ForeignKey(
        "vetting.VettingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        help_text="Set by the ROCU for this post; the advert explains it to candidates. "
        "Normally a force level (Recruitment or Management Vetting).",
    )
    # ROCU adverts often say "MV / Security Clearance designated post": force and
    # national security vetting are separate processes, so a post may need one of each.
    national_security_level = models.ForeignKey(
        "vetting.VettingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies_as_national_security",
        limit_choices_to={"kind": "national_security"},
        verbose_name="national security vetting level",
        help_text="Only if the post also needs national security vetting (CTC, SC or DV).",
    )
    closing_at = models.DateTimeField(
        "closing date and time",
        null=True,
        blank=True,
        help_text="UK time (Europe/London). The advert closes itself at this moment.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Markdown source; the public pages render it through a sanitiser, never raw.
    summary = models.TextField(blank=True, help_text="One or two sentences for the list page.")
    description = models.TextField("full description", blank=True)
    role_involves = models.TextField("what the role involves", blank=True)
    selection_process = models.TextField(
        blank=True, help_text="For example: assessment exercise, competency-based interview."
    )
    focus_areas = models.JSONField(
        default=list, blank=True, help_text="Codes from FocusArea; the crime types the post covers."
    )

    number_of_posts = models.PositiveSmallIntegerField(default=1)
    salary_min = models.PositiveIntegerField(
        "minimum salary", null=True, blank=True, help_text="Whole pounds a year."
    )
    salary_max = models.PositiveIntegerField(
        "maximum salary", null=True, blank=True, help_text="Whole pounds a year."
    )
    working_pattern = models.CharField(
        max_length=20, choices=WorkingPattern.choices, default=WorkingPattern.FULL_TIME
    )
    contract_type = models.CharField(
        max_length=20, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    fixed_term_ends_on = models.DateField(
        "fixed term ends on", null=True, blank=True, help_text="Required for a fixed-term post."
    )
    start_window_from = models.DateField("expected start from", null=True, blank=True)
    start_window_to = models.DateField("expected start by", null=True, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Leave blank on a new advert to use the ROCU's contact address."
    )

    # Selection scoring (applications pipeline): each assessor scores each competency
    # on score_scale_min..score_scale_max; the moderated assessment score (on the same
    # scale) must reach the pass mark before an interview invitation.
    score_scale_min = models.PositiveSmallIntegerField("lowest score", default=1)
    score_scale_max = models.PositiveSmallIntegerField("highest score", default=5)
    assessment_pass_mark = models.DecimalField(
        "assessment pass mark",
        max_digits=4,
        decimal_places=1,
        default=3,
        help_text="On the scoring scale (default 3 on 1 to 5).",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "closing_at"], name="vacancy_status_closing")]
        permissions = [("publish_vacancy", "Can publish, close and archive adverts")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reference=""), name="vacancy_reference_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_max_gte_min",
            ),
            models.CheckConstraint(
                condition=models.Q(score_scale_max__gt=models.F("score_scale_min")),
                name="vacancy_score_scale_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(number_of_posts__gte=1), name="vacancy_posts_at_least_one"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    contract_type=ContractType.FIXED_TERM, fixed_term_ends_on__isnull=False
                )
                | models.Q(contract_type=ContractType.PERMANENT, fixed_term_ends_on__isnull=True),
                name="vacancy_fixed_term_has_end_date",
            ),
            models.CheckConstraint(
                condition=models.Q(start_window_from__isnull=True)
                | models.Q(start_window_to__isnull=True)
                | models.Q(start_window_to__gte=models.F("start_window_from")),
                name="vacancy_start_window_ordered",
            ),
            # A published advert always carries what the public pages rely on.
            models.CheckConstraint(
                condition=~models.Q(status=VacancyStatus.PUBLISHED)
                | models.Q(
                    published_at__isnull=False,
                    closing_at__isnull=False,
                    vetting_level__isnull=False,
                ),
                name="vacancy_published_is_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VacancyStatus.CLOSED)
                | models.Q(closed_at__isnull=False),
                name="vacancy_closed_has_closed_at",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", args=[self.reference])

    def is_open(self, *, now=None) -> bool:
        """``VacancyQuerySet.open`` for this row, without a query."""
        return (
            self.status == VacancyStatus.PUBLISHED
            and self.closing_at is not None
            and self.closing_at > (now or timezone.now())
        )

    @property
    def is_fixed_term(self) -> bool:
        return self.contract_type == ContractType.FIXED_TERM

    def focus_area_labels(self) -> list[str]:
        labels = dict(FocusArea.choices)
        return [labels[code] for code in self.focus_areas if code in labels]

    def clean(self):
        errors: dict[str, str] = {}
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_max < self.salary_min
        ):
            errors["salary_max"] = "Maximum salary must be the same as or more than the minimum"
        if self.contract_type == ContractType.FIXED_TERM and self.fixed_term_ends_on is None:
            errors["fixed_term_ends_on"] = "Enter the date the fixed-term contract ends"
        if (
            self.start_window_from
            and self.start_window_to
            and self.start_window_to < self.start_window_from
        ):
            errors["start_window_to"] = "The latest start date must be on or after the earliest"
        errors.update(self._vetting_level_errors())
        unknown = [code for code in self.focus_areas or [] if code not in FocusArea.values]
        if not isinstance(self.focus_areas, list) or unknown:
            errors["focus_areas"] = "Choose focus areas from the list"
        if errors:
            raise ValidationError(errors)

    def _vetting_level_errors(self) -> dict[str, str]:
        """One force level plus, optionally, one national-security level.

        An advert that names a single national-security level (a DV post from
        before levels had kinds) stays valid: only the pair must be one of each.
        """
        if self.national_security_level_id is None:
            return {}
        errors = {}
        if not self.national_security_level.is_national_security:
            errors["national_security_level"] = (
                "Choose a national security vetting level (CTC, SC or DV)"
            )
        if self.vetting_level_id is None:
            errors["vetting_level"] = (
                "Choose the force vetting level as well as the national security level"
            )
        elif self.vetting_level.is_national_security:
            errors["vetting_level"] = (
                "Choose a force vetting level (Recruitment or Management Vetting) when the "
                "post also needs national security vetting"
            )
        return errors

    def vetting_levels(self) -> list:
        """The levels the post needs: the force level first, then the national-security one."""
        return [level for level in (self.vetting_level, self.national_security_level) if level]


class VacancyLocation(models.Model):
    """A base location of an advert's posts (an advert may offer several)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="locations")
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(town=""), name="vacancy_location_town_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.town} {self.postcode}".strip()


class VacancyReferenceCounter(models.Model):
    """The last reference number issued per ROCU and year (NERSOU-2026-0012)."""

    rocu = models.ForeignKey("accounts.Rocu", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rocu", "year"], name="vacancy_reference_counter_once")
        ]

    def __str__(self):
        return f"{self.rocu_id} {self.year}: {self.last_number}"

    @classmethod
    def next_number(cls, *, rocu_id: int, year: int) -> int:
        """Issue the next number for this ROCU and year.

        One INSERT ... ON CONFLICT DO UPDATE ... RETURNING: PostgreSQL takes the
        row lock itself, so two concurrent creations can never get the same
        number, and the first advert of a year needs no separate insert race.
        """
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (rocu_id, year, last_number) VALUES (%s, %s, 1)
                ON CONFLICT (rocu_id, year)
                DO UPDATE SET last_number = {table}.last_number + 1
                RETURNING last_number
                """,  # noqa: S608 - table name is ours, values are parameters
                [rocu_id, year],
            )
            return cursor.fetchone()[0]


class AuditAction(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"
    VETTING_LEVEL_CHANGED = "vetting_level_changed", "Vetting level changed"
    CLOSING_DATE_CHANGED = "closing_date_changed", "Closing date changed"


# Changes of a published advert that candidates rely on: each needs a reason.
REASON_REQUIRED_ACTIONS = (AuditAction.VETTING_LEVEL_CHANGED, AuditAction.CLOSING_DATE_CHANGED)


class VacancyAuditEntry(models.Model):
    """Who did what to an advert, when, and why: one row per life-cycle step or key change.

    ``by`` is null for what the system did itself (the close task). Rows are
    only ever added, never edited.
    """

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="audit_entries")
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField()
    from_status = models.CharField(max_length=10, choices=VacancyStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=VacancyStatus.choices, blank=True)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    source_vacancy = models.ForeignKey(
        Vacancy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a duplicate: the advert it was copied from.",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action__in=REASON_REQUIRED_ACTIONS) | ~models.Q(reason=""),
                name="vacancy_audit_reason_required",
            ),
        ]

    def __str__(self):
        return f"{self.vacancy_id} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class Competency(models.TextChoices):
    """The six competencies of the policing Competency and Values Framework (2024)."""

    EMOTIONALLY_AWARE = "emotionally_aware", _("We are emotionally aware")
    TAKE_OWNERSHIP = "take_ownership", _("We take ownership")
    COLLABORATE = "collaborate", _("We collaborate")
    SUPPORT_AND_INSPIRE = "support_and_inspire", _("We support and inspire")
    ANALYSE_CRITICALLY = "analyse_critically", _("We analyse critically")
    INNOVATIVE_OPEN_MINDED = "innovative_open_minded", _("We are innovative and open-minded")


QUESTION_WORD_LIMIT_MIN = 50
QUESTION_WORD_LIMIT_MAX = 1000
QUESTIONS_PER_ADVERT_MIN = 2
QUESTIONS_PER_ADVERT_MAX = 4


class AdvertQuestion(models.Model):
    """A competency question candidates answer when they apply (set by the ROCU lead)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1, help_text="Order on the form.")
    competency = models.CharField(max_length=30, choices=Competency.choices)
    question = models.TextField(max_length=1000)
    word_limit = models.PositiveSmallIntegerField(
        default=250,
        help_text=f"Between {QUESTION_WORD_LIMIT_MIN} and {QUESTION_WORD_LIMIT_MAX} words.",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(question=""), name="advert_question_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    word_limit__gte=QUESTION_WORD_LIMIT_MIN, word_limit__lte=QUESTION_WORD_LIMIT_MAX
                ),
                name="advert_question_word_limit_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_competency_display()}: {self.question[:60]}"
