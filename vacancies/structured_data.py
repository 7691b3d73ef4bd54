"""schema.org JobPosting for an open advert, as Google for Jobs reads it.

Every property Google lists as required (title, description, datePosted,
hiringOrganization, jobLocation) or recommended (validThrough, employmentType,
baseSalary, identifier, directApply) is filled from the advert. The output is a
JSON data block, escaped like Django's ``json_script`` so that no text from an
advert can close the ``<script>`` element.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.site import absolute_url

from .presentation import actual_close
from .rich_text import markdown_to_safe_html

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

_EMPLOYMENT_TYPES = {
    "full_time": ["FULL_TIME"],
    "part_time": ["PART_TIME"],
    "flexible": ["FULL_TIME", "PART_TIME"],
}


def _description_html(vacancy) -> str:
    sections = [
        ("", vacancy.summary),
        ("", vacancy.description),
        (gettext("What the role involves"), vacancy.role_involves),
        (gettext("Selection process"), vacancy.selection_process),
    ]
    parts = []
    for heading, source in sections:
        html = markdown_to_safe_html(source)
        if html:
            if heading:
                parts.append(f"<h3>{heading}</h3>")
            parts.append(html)
    return "\n".join(parts)


def _address(vacancy, location=None) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressRegion": vacancy.rocu.get_region_display(),
        "addressCountry": "GB",
    }
    if location is not None:
        address["addressLocality"] = location.town
        if location.postcode:
            address["postalCode"] = location.postcode
    return {"@type": "Place", "address": address}


def job_posting(vacancy) -> dict:
    locations = list(vacancy.locations.all())
    employment_types = list(_EMPLOYMENT_TYPES.get(vacancy.working_pattern, ["OTHER"]))
    if vacancy.contract_type == "fixed_term":
        employment_types.append("TEMPORARY")
    hiring_organization = {"@type": "Organization", "name": vacancy.rocu.name}
    if vacancy.rocu.website:
        hiring_organization["sameAs"] = vacancy.rocu.website
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": _description_html(vacancy),
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.rocu.name,
            "value": vacancy.reference,
        },
        "datePosted": vacancy.published_at.isoformat(),
        "validThrough": actual_close(vacancy).isoformat(),
        "employmentType": employment_types,
        "hiringOrganization": hiring_organization,
        "jobLocation": (
            [_address(vacancy, location) for location in locations] or [_address(vacancy)]
        ),
        "directApply": False,
        "url": absolute_url(vacancy.get_absolute_url()),
    }
    if vacancy.salary_min is not None or vacancy.salary_max is not None:
        low = vacancy.salary_min if vacancy.salary_min is not None else vacancy.salary_max
        high = vacancy.salary_max if vacancy.salary_max is not None else vacancy.salary_min
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": low,
                "maxValue": high,
                "unitText": "YEAR",
            },
        }
    if vacancy.number_of_posts:
        posting["totalJobOpenings"] = vacancy.number_of_posts
    if vacancy.start_window_from:
        posting["jobStartDate"] = vacancy.start_window_from.isoformat()
    return posting


def job_posting_script(vacancy) -> SafeString:
    """``<script type="application/ld+json">`` holding the advert's JobPosting."""
    payload = json.dumps(job_posting(vacancy), ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
