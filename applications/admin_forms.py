"""Staff forms for the selection pipeline in the admin: one move, or one move for many.

Each form asks only what its move needs (workflow.Move.needs, and an override
reason where a guard may be overridden); the service re-checks everything under
the row lock and its problems are shown as the form's errors.
"""

from django import forms

from . import scoring, workflow
from .services import MoveRequest

_REASON_CHOICES = [(code, staff) for code, (staff, _) in workflow.UNSUCCESSFUL_REASONS.items()]


class MoveForm(forms.Form):
    expected_stage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, declared: workflow.Move, **kwargs):
        super().__init__(*args, **kwargs)
        self.declared = declared
        needs = declared.needs
        overridable = [g for g in declared.guards if g in workflow.OVERRIDABLE]
        if workflow.Needs.REASONS in needs:
            self.fields["reasons"] = forms.MultipleChoiceField(
                label="Reasons to tell the candidate",
                choices=_REASON_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Choose at least one reason to tell the candidate"},
            )
        if workflow.Needs.DATE in needs:
            self.fields["start_date"] = forms.DateField(
                label="Start date",
                help_text="For example, 2027-03-02",
                error_messages={
                    "required": "Enter the start date",
                    "invalid": "Enter the start date as a real date, for example 2027-03-02",
                },
            )
        if overridable:
            self.fields["override"] = forms.BooleanField(
                label="Override the check below (record why in the reason)", required=False
            )
        self.fields["reason"] = forms.CharField(
            label="Reason (staff only; not sent to the candidate)",
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            required=workflow.Needs.REASON in needs,
            error_messages={"required": "Give a reason"},
        )

    def move_request(self) -> MoveRequest:
        data = self.cleaned_data
        return MoveRequest(
            to_stage=self.declared.to_stage,
            reason=data.get("reason", ""),
            reasons=tuple(data.get("reasons", ())),
            start_date=data.get("start_date"),
            override=bool(data.get("override")),
        )


class BulkMoveChoiceForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move to",
        error_messages={"required": "Choose where to move the applications"},
    )

    def __init__(self, *args, from_stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [("", "Choose a move")] + [
            (m.to_stage.value, f"{m.staff_label} ({workflow.staff_label(m.to_stage)})")
            for m in workflow.moves_from(from_stage, workflow.Actor.STAFF)
            if workflow.Guard.RETURNS_TO_HELD_STAGE not in m.guards
        ]


class ScoreSheetForm(forms.Form):
    """One choice per competency on the advert, on the advert's scale, and comments."""

    def __init__(self, *args, competencies: list[tuple[str, str]], low: int, high: int, **kwargs):
        super().__init__(*args, **kwargs)
        choices = scoring.scale_choices(low, high)
        for code, label in competencies:
            self.fields[code] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a score for {label}",
                    "invalid_choice": f"The score for {label} must be from {low} to {high}",
                },
            )
        self.fields["comments"] = forms.CharField(
            label="Evidence and comments (optional)",
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=5000,
            required=False,
        )
        self.competency_codes = [code for code, _ in competencies]

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in self.competency_codes}


class ModerationForm(forms.Form):
    score = forms.DecimalField(
        label="Moderated assessment score",
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": "Enter the moderated score",
            "invalid": "Enter the moderated score as a number, for example 3.5",
            "max_decimal_places": "Enter the moderated score to no more than 2 decimal places",
        },
    )
    reason = forms.CharField(
        label="Moderation note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )
