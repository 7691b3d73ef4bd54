"""Template filters for the public advert pages (and the staff preview, which reuses them).

Thin wrappers: the wording lives in ``vacancies/presentation.py``, Markdown in
``vacancies/rich_text.py``, JSON-LD in ``vacancies/structured_data.py``.
"""

from django import template
from django.utils.safestring import mark_safe

from vacancies import presentation
from vacancies.rich_text import markdown_to_safe_html
from vacancies.structured_data import job_posting_script
from vetting import wording

register = template.Library()


@register.filter
def markdown_safe(source):
    # Sanitised by an allow-list in rich_text.py: that is what makes it safe to mark.
    return mark_safe(markdown_to_safe_html(source))  # noqa: S308


@register.filter
def actual_close(vacancy):
    return presentation.actual_close(vacancy)


@register.filter
def salary_range(vacancy):
    return presentation.salary_range(vacancy)


@register.filter
def start_window(vacancy):
    return presentation.start_window(vacancy)


@register.filter
def contract_summary(vacancy):
    return presentation.contract_summary(vacancy)


@register.filter
def focus_area_labels(vacancy):
    return presentation.focus_area_labels(vacancy)


@register.filter
def residence_rule_sentences(level):
    return wording.residence_rule_sentences(level)


@register.filter
def vetting_requirements(vacancy):
    return presentation.vetting_requirements(vacancy)


@register.filter
def requirements_summary(requirements):
    return wording.requirements_summary(requirements)


@register.filter
def requirements_residence_sentences(requirements):
    return wording.residence_rule_sentences(requirements)


@register.filter
def eligibility_url(vacancy):
    return presentation.eligibility_url(vacancy)


@register.filter
def apply_url(vacancy):
    return presentation.apply_url(vacancy)


@register.simple_tag
def job_posting_json_ld(vacancy):
    return job_posting_script(vacancy)
