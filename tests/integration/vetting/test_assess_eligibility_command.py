"""`manage.py assess_eligibility`: the JSON contract of issue 4, byte for byte."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from vetting.models import VettingLevel

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"

ISSUE_EXAMPLE = {
    "level": "MV",
    "as_of": "2022-04-01",
    "periods": [{"start": "2015-06-01", "end": None, "country": "GB", "reason": "resident"}],
}
ISSUE_EXAMPLE_OUTPUT = (
    "{\n"
    '  "outcome": "eligible",\n'
    '  "level": "MV",\n'
    '  "required_years": 5,\n'
    '  "window": {\n'
    '    "start": "2017-04-01",\n'
    '    "end": "2022-04-01"\n'
    "  },\n"
    '  "reasons": []\n'
    "}\n"
)
FORCES_THEN_STUDY = {
    "level": "DV",
    "as_of": "2022-04-01",
    "periods": [
        {"start": "2010-01-01", "end": "2014-12-31", "country": "GB", "reason": "resident"},
        {"start": "2015-01-01", "end": "2018-12-31", "country": "DE", "reason": "british_forces"},
        {"start": "2019-01-01", "end": "2019-06-30", "country": "FR", "reason": "study"},
        {"start": "2019-07-10", "end": None, "country": "gb"},
    ],
}


def run(*args, stdin_text=None):
    """call_command; returns (stdout, CommandError or None)."""
    stdout = io.StringIO()
    kwargs = {"stdout": stdout}
    if stdin_text is not None:
        kwargs["stdin"] = io.StringIO(stdin_text)
    try:
        call_command("assess_eligibility", *args, **kwargs)
    except CommandError as error:
        return stdout.getvalue(), error
    return stdout.getvalue(), None


@pytest.mark.django_db
def test_the_issue_example_gives_exactly_the_documented_output(tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps(ISSUE_EXAMPLE))

    output, error = run(str(request))

    assert error is None
    assert output == ISSUE_EXAMPLE_OUTPUT


@pytest.mark.django_db
def test_reasons_carry_the_spec_codes_and_dates_in_order():
    output, error = run("-", stdin_text=json.dumps(FORCES_THEN_STUDY))

    assert error is None
    answer = json.loads(output)
    assert list(answer) == ["outcome", "level", "required_years", "window", "reasons"]
    assert answer["outcome"] == "not_eligible"
    assert answer["required_years"] == 10
    assert answer["window"] == {"start": "2012-04-01", "end": "2022-04-01"}
    assert answer["reasons"] == [
        {"code": "EXEMPT_BRITISH_FORCES", "start": "2015-01-01", "end": "2018-12-31"},
        {"code": "ABROAD", "start": "2019-01-01", "end": "2019-06-30"},
        {"code": "GAP_SHORT", "start": "2019-07-01", "end": "2019-07-09"},
    ]
    assert all(list(reason) == ["code", "start", "end"] for reason in answer["reasons"])


@pytest.mark.django_db
def test_a_list_gives_one_answer_per_request_in_order():
    requests = [FORCES_THEN_STUDY, ISSUE_EXAMPLE, {**ISSUE_EXAMPLE, "periods": []}]

    output, error = run(stdin_text=json.dumps(requests))

    assert error is None
    answers = json.loads(output)
    assert [answer["outcome"] for answer in answers] == ["not_eligible", "eligible", "review"]
    assert answers[2]["reasons"] == [{"code": "GAP", "start": "2017-04-01", "end": "2022-04-01"}]


@pytest.mark.django_db
def test_an_empty_list_is_an_empty_answer():
    assert run(stdin_text="[]") == ("[]\n", None)


@pytest.mark.django_db
def test_invalid_input_names_every_field_and_exits_2():
    request = {
        "level": "MV",
        "as_of": "2022-04-01",
        "periods": [
            {"start": "2022-02-31", "end": None, "country": "GB"},
            {"start": "2020-01-01", "end": "2019-01-01", "country": "XX", "reason": "holiday"},
            {"start": "2021-01-01", "end": None, "country": "FR", "reason": "study"},
        ],
    }

    output, error = run(stdin_text=json.dumps(request))

    assert error is not None and error.returncode == 2
    answer = json.loads(output)
    assert list(answer) == ["errors"]
    assert [item["field"] for item in answer["errors"]] == [
        "periods[0].start",
        "periods[0].end",
        "periods[1].end",
        "periods[1].country",
        "periods[1].reason",
        "periods[2].end",
    ]
    assert all(list(item) == ["field", "message"] for item in answer["errors"])


@pytest.mark.django_db
def test_an_unknown_level_is_an_error_naming_level_and_listing_the_levels():
    output, error = run(stdin_text=json.dumps({**ISSUE_EXAMPLE, "level": "NPPV3"}))

    assert error.returncode == 2
    assert json.loads(output) == {
        "errors": [
            {"field": "level", "message": "Vetting level must be one of: CTC, RV, MV, SC, DV"}
        ]
    }


@pytest.mark.django_db
def test_levels_are_read_from_the_database_including_new_ones():
    VettingLevel.objects.create(
        code="NPPV3",
        name="Non-Police Personnel Vetting 3",
        required_residence_years=3,
        description="Three years.",
        source="test",
    )

    output, error = run(stdin_text=json.dumps({**ISSUE_EXAMPLE, "level": "NPPV3"}))

    assert error is None
    assert json.loads(output)["window"] == {"start": "2019-04-01", "end": "2022-04-01"}


@pytest.mark.django_db
def test_in_a_list_one_invalid_request_keeps_its_place_and_the_others_are_assessed():
    output, error = run(stdin_text=json.dumps([ISSUE_EXAMPLE, {"level": "MV"}, ISSUE_EXAMPLE]))

    assert error.returncode == 2
    answers = json.loads(output)
    assert answers[0]["outcome"] == answers[2]["outcome"] == "eligible"
    assert [item["field"] for item in answers[1]["errors"]] == ["as_of", "periods"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{not json", "request"),
        ('"a string"', "request"),
        ("", "request"),
    ],
)
def test_unreadable_json_is_an_error_not_a_traceback(text, field):
    output, error = run(stdin_text=text)

    assert error.returncode == 2
    assert json.loads(output)["errors"][0]["field"] == field


@pytest.mark.django_db
def test_a_missing_file_is_an_error_naming_file(tmp_path):
    output, error = run(str(tmp_path / "nope.json"))

    assert error.returncode == 2
    assert json.loads(output)["errors"][0]["field"] == "file"


@pytest.mark.django_db
def test_tolerance_settings_apply(settings):
    settings.VETTING_ABROAD_TOLERANCE_DAYS = 200
    request = {**FORCES_THEN_STUDY, "periods": FORCES_THEN_STUDY["periods"]}

    output, _ = run(stdin_text=json.dumps(request))

    assert json.loads(output)["outcome"] == "review"


# Through a real process: stdin, stdout bytes, exit status. Transactional, so the
# seeded levels (reference data, tests/conftest.py) are committed where the child
# process can read them.


def _manage(args, stdin_bytes):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
    }
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), "assess_eligibility", *args],
        input=stdin_bytes,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_real_process_reads_stdin_and_writes_the_exact_bytes():
    completed = _manage(["-"], json.dumps(ISSUE_EXAMPLE).encode())

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ISSUE_EXAMPLE_OUTPUT.encode()


@pytest.mark.django_db(transaction=True)
def test_a_real_process_exits_2_with_json_errors_on_stdout(tmp_path):
    request = tmp_path / "bad.json"
    request.write_text(json.dumps([ISSUE_EXAMPLE, {**ISSUE_EXAMPLE, "as_of": "2022-02-30"}]))

    completed = _manage([str(request)], b"")

    assert completed.returncode == 2
    answers = json.loads(completed.stdout)
    assert answers[0]["outcome"] == "eligible"
    assert answers[1] == {
        "errors": [
            {
                "field": "as_of",
                "message": "Assessment date must be a real date in the form YYYY-MM-DD",
            }
        ]
    }
    assert b"Invalid input" in completed.stderr


@pytest.mark.django_db(transaction=True)
def test_a_real_process_reads_utf8_whatever_the_locale():
    request = {**ISSUE_EXAMPLE, "note": "café ☕"}

    completed = _manage([], json.dumps(request, ensure_ascii=False).encode("utf-8"))

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["outcome"] == "eligible"


@pytest.mark.django_db
def test_an_as_of_too_early_for_the_window_is_an_input_error_not_a_crash():
    output, error = run(stdin_text=json.dumps({**ISSUE_EXAMPLE, "as_of": "0003-01-01"}))

    assert error.returncode == 2
    assert json.loads(output)["errors"][0]["field"] == "as_of"
