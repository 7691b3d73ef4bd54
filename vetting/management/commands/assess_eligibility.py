"""Assess residence histories against the vetting rule: JSON in, JSON out.

    python manage.py assess_eligibility request.json
    python manage.py assess_eligibility - < request.json

The contract (docs/eligibility-cli.md): a request object gives one answer
object; a list gives a list of answers in the same order. Exit status 0 when
every request was assessed, 2 when any was invalid (its answer is
{"errors": [...]}) or the input could not be read as JSON.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from vetting import selectors

INVALID_INPUT_STATUS = 2


class Command(BaseCommand):
    # call_command(..., stdin=io.StringIO(...)) in tests; sys.stdin otherwise.
    stealth_options = ("stdin",)
    help = "Assess residence histories (JSON, from FILE or - for stdin) against a vetting level."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default="-", help="A JSON file, or - (the default) for stdin."
        )

    def handle(self, *args, file, **options):
        try:
            raw = json.loads(self._read(file, options.get("stdin")))
        except OSError as error:
            return self._fail("file", f"Cannot read {file}: {error.strerror or error}")
        except UnicodeDecodeError:
            return self._fail("file", "The input must be UTF-8 text")
        except json.JSONDecodeError as error:
            return self._fail(
                "request",
                f"The input is not valid JSON (line {error.lineno}, column {error.colno})",
            )
        answer, any_invalid = selectors.eligibility_batch_assess(raw)
        self._write(answer)
        if any_invalid:
            raise CommandError("Invalid input: see the errors", returncode=INVALID_INPUT_STATUS)

    def _read(self, file: str, stdin) -> str:
        if file == "-":
            if stdin is not None:
                return stdin.read()
            # Bytes, decoded as UTF-8 whatever the locale says.
            return sys.stdin.buffer.read().decode("utf-8")
        with open(file, "rb") as stream:
            return stream.read().decode("utf-8")

    def _fail(self, field: str, message: str):
        self._write({"errors": [{"field": field, "message": message}]})
        raise CommandError(message, returncode=INVALID_INPUT_STATUS)

    def _write(self, answer) -> None:
        self.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False))
