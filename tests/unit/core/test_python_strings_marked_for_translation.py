"""Words that Python code puts on candidate and referee pages are marked for translation.

The templates have their own check (test_templates_marked_for_translation.py); this one
reads the candidate-facing Python modules' syntax trees (no rendering, no database) and
fails on a plain string or f-string given as a user-facing message without a gettext
call around it. It looks only where a message certainly goes to the page, so it has no
false positives to excuse:

- a form field's ``label=``, ``help_text=`` and ``error_messages=`` values, the labels
  of ``choices=[(value, label), ...]`` written in place, a radio item's ``hint=``, and
  a GOV.UK date field's ``subject=`` (it is part of its messages);
- ``ValidationError(...)``, ``form.add_error(field, ...)``, ``add_date_error`` and the
  date field's ``_fail(...)``;
- ``messages.<level>(request, ...)`` (none today; a new one is checked from the start);
- the vetting journey's ``history_errors=[...]`` and its period rows' ``"dates"``, and
  the ``"reason"`` a 403 page gives (the CSRF failure's);
- in the wording modules (``WORDING_MODULES``), which exist only to put words on pages,
  every string with two words in it that is not a docstring;
- the labels of the model choices that candidate pages show (``CANDIDATE_CHOICES``:
  the region of an advert, the competency of a question, a calendar file's round...).

And gettext itself is never given an f-string: makemessages would read the braces, and
no translation could match the formatted text. A name or a call passed as a message (a
gettext_noop msgid from a table, a model's name) is left alone: its words are marked
where they are written.
"""

from __future__ import annotations

import ast
import re

import pytest
from django.conf import settings
from django.utils.functional import Promise

from accounts.models import Region
from applications.models import AddressLocation, EmploymentKind, RightToWork, YesNo
from mailing_list.models import Frequency
from scheduling.models import SlotRound
from vacancies.models import Competency, ContractType, FocusArea, WorkingPattern

# The modules whose words reach candidates and referees. Admin code and staff-only
# services stay in English, like the admin's templates.
CANDIDATE_MODULES = (
    "applicants/forms.py",
    "applicants/views.py",
    "applications/forms.py",
    "applications/presentation.py",
    "applications/views.py",
    "core/forms.py",
    "core/validators.py",
    "core/views.py",
    "mailing_list/forms.py",
    "mailing_list/views.py",
    "offers/forms.py",
    "offers/panels.py",
    "offers/views.py",
    "references/forms.py",
    "references/panels.py",
    "references/views.py",
    "scheduling/forms.py",
    "scheduling/panels.py",
    "scheduling/views.py",
    "scheduling/wording.py",
    "vacancies/presentation.py",
    "vacancies/views.py",
    "vetting/forms.py",
    "vetting/result.py",
    "vetting/views.py",
    "vetting/wording.py",
)
WORDING_MODULES = {"scheduling/wording.py", "vetting/result.py", "vetting/wording.py"}
# Staff forms that live beside the candidate's ones (their pages are the admin's).
STAFF_ONLY = {
    "offers/forms.py": {"_date", "MedicalDecisionForm", "RightToWorkForm", "VettingCaseForm"},
    "references/forms.py": {"AssessForm"},
}

# Model choices whose labels candidate pages, forms or calendar files show as they are
# (get_FOO_display, a form's choices). The staff-only ones stay in English.
CANDIDATE_CHOICES = (
    AddressLocation,
    Competency,
    ContractType,
    EmploymentKind,
    FocusArea,
    Frequency,
    Region,
    RightToWork,
    SlotRound,
    WorkingPattern,
    YesNo,
)

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
MESSAGE_KEYWORDS = {"label", "help_text", "hint", "subject"}
MESSAGE_LIST_KEYWORDS = {"history_errors"}
MESSAGE_DICT_KEYS = {"dates", "reason"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
_WORD = re.compile(r"[A-Za-z]{2,}")
_TWO_WORDS = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal_text(node: ast.expr) -> str | None:
    """The words of a plain string or f-string ("{}" for what is filled in); else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    # "a" if x else "b", and "a" + b: each string in them is part of the message.
    if isinstance(node, ast.IfExp | ast.BinOp):
        parts = (node.body, node.orelse) if isinstance(node, ast.IfExp) else (node.left, node.right)
        texts = [_literal_text(part) for part in parts]
        return " ".join(text for text in texts if text) or None
    return None


def _unmarked(node: ast.expr | None) -> str | None:
    text = _literal_text(node) if node is not None else None
    return text if text and _WORD.search(text) else None


def _messages_of(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that are shown to a person as they are."""
    name = _name(call.func)
    found = [kw.value for kw in call.keywords if kw.arg in MESSAGE_KEYWORDS]
    for keyword in call.keywords:
        if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
            found += keyword.value.values
        if keyword.arg in MESSAGE_LIST_KEYWORDS and isinstance(keyword.value, ast.List):
            found += keyword.value.elts
        if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
            # (value, label) pairs written in place: the label is what the radio says.
            found += [
                pair.elts[1]
                for pair in keyword.value.elts
                if isinstance(pair, ast.Tuple) and len(pair.elts) == 2
            ]
    if name in {"ValidationError", "_fail"} and call.args:
        found.append(call.args[0])
    if name in {"add_error", "add_date_error"} and len(call.args) > 1:
        found.append(call.args[1])
    if (
        isinstance(call.func, ast.Attribute)
        and _name(call.func.value) == "messages"
        and name in MESSAGE_LEVELS
    ):
        found += call.args[1:]
    return found


def unmarked_strings(source: str, *, wording: bool = False, staff_only=frozenset()) -> list:
    """(line, text) for each user-facing string in ``source`` not marked for translation."""
    tree = ast.parse(source)
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name in staff_only
        for inner in ast.walk(node)
    }
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
            # A gettext call's own strings are marked; an f-string in one never matches.
            found += [
                (node.lineno, "f-string in gettext")
                for arg in node.args[:3]
                if isinstance(arg, ast.JoinedStr)
            ]
            continue
        if isinstance(node, ast.Call):
            messages = _messages_of(node)
        elif isinstance(node, ast.Dict):
            messages = [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in MESSAGE_DICT_KEYS
            ]
        else:
            messages = []
        for message in messages:
            text = _unmarked(message)
            if text:
                found.append((message.lineno, text))
    if wording:
        inside = {  # gettext's own strings, and the parts of an f-string
            id(inner)
            for node in ast.walk(tree)
            if (isinstance(node, ast.Call) and _name(node.func) in GETTEXT)
            or isinstance(node, ast.JoinedStr)
            for inner in ast.walk(node)
            if inner is not node
        }
        gettext_calls = {
            id(node)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _name(node.func) in GETTEXT
        }
        found += [
            (node.lineno, text)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant | ast.JoinedStr)
            and id(node) not in inside | docstrings | skipped | gettext_calls
            and (text := _literal_text(node))
            and _TWO_WORDS.search(text)
        ]
    return sorted(set(found))


@pytest.mark.parametrize("module", CANDIDATE_MODULES)
def test_every_message_python_puts_on_a_candidate_page_is_marked(module):
    source = (settings.BASE_DIR / module).read_text()
    assert (
        unmarked_strings(
            source,
            wording=module in WORDING_MODULES,
            staff_only=STAFF_ONLY.get(module, frozenset()),
        )
        == []
    )


@pytest.mark.parametrize("choices", CANDIDATE_CHOICES, ids=lambda choices: choices.__name__)
def test_every_choice_a_candidate_page_names_is_marked(choices):
    # gettext_lazy gives a lazy Promise; a plain string label never reaches the catalogue.
    assert [label for label in choices.labels if not isinstance(label, Promise)] == []


def test_the_staff_only_forms_left_in_english_still_exist():
    # A renamed staff form would otherwise leave a name here that excuses nothing.
    for module, names in STAFF_ONLY.items():
        tree = ast.parse((settings.BASE_DIR / module).read_text())
        defined = {
            node.name for node in tree.body if isinstance(node, ast.ClassDef | ast.FunctionDef)
        }
        assert names <= defined, module


def test_the_check_finds_unmarked_messages():
    source = """
from django import forms
from django.utils.translation import gettext as _, gettext_lazy

class SampleForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        help_text=gettext_lazy("As on your passport"),
        error_messages={"required": "Enter your name", "invalid": gettext_lazy("Check it")},
    )
    day = GovukDateField(subject="the day")
    sure = forms.ChoiceField(choices=[("yes", "Yes"), ("no", _("No"))])

    def clean(self):
        self.add_error("name", f"{self.count} names is too many")
        self.add_error("name", _("%(count)s names") % {"count": self.count})
        self.add_error("name", message_from_a_table)
        raise forms.ValidationError(_(f"Not {self.count}"))

def rows(period):
    messages.info(request, "Saved")
    return {"dates": "now" if period.end is None else _("then"), "index": "not words"}
    return {"dates": f"{period.start} to " + (period.end if period.end else "now")}

def page(request):
    return render_periods(request, history_errors=["Too many places", _("Marked")])
"""
    assert unmarked_strings(source) == [
        (7, "Your name"),
        (9, "Enter your name"),
        (11, "the day"),
        (12, "Yes"),
        (15, "{} names is too many"),
        (18, "f-string in gettext"),
        (21, "Saved"),
        (22, "now"),
        (23, "{} to  now"),
        (26, "Too many places"),
    ]


def test_a_staff_form_is_left_alone_and_a_wording_module_is_read_whole():
    source = '''
"""A docstring is not a message."""
STAFF = {"label": "Staff words"}

class StaffForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=[("yes", "Yes")])

def explanation():
    return "You lived in the UK." if True else _("Marked words")
'''
    assert unmarked_strings(source, staff_only={"StaffForm"}) == []
    assert unmarked_strings(source, wording=True, staff_only={"StaffForm"}) == [
        (3, "Staff words"),
        (9, "You lived in the UK."),
    ]
