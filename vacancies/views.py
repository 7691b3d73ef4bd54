"""Public vacancy pages: the list of open adverts and one advert.

Both are served from the versioned page cache (``vacancies/cache.py``): a hit
costs two Redis reads and no SQL; a miss renders from the selectors and stores
the body until the next change or the next closing time, whichever is first.
Only pages of a valid request are stored; a bad query string is answered with a
GOV.UK error summary, rendered afresh, never a 500.
"""

from __future__ import annotations

import re
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import cache as page_cache
from . import selectors
from .filters import VacancyFilterForm, normalized_list_query, page_number_from

PER_PAGE = 20
# Generated references are letters, digits and hyphens ("NERSOU-2026-0012").
_REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,30}$")
_HTML = "text/html; charset=utf-8"
# Template indentation: a quarter of each page's bytes, sent and cached for nothing.
# (These pages have no <pre> or <textarea>, where it would matter.)
_INDENTATION = re.compile(rb"\n\s+")


def _compact(body: bytes) -> bytes:
    return _INDENTATION.sub(b"\n", body)


@require_safe
def vacancy_list(request):
    normalized_query = normalized_list_query(request.GET)
    version, body = page_cache.lookup(kind="list", normalized_query=normalized_query)
    if body is not None:
        return HttpResponse(body, content_type=_HTML)

    form = VacancyFilterForm(
        _with_filter_defaults(request.GET),
        rocus=selectors.rocu_filter_options(),
        vetting_levels=selectors.vetting_level_filter_options(),
    )
    valid = form.is_valid()
    filters = form.filters()
    requested_page = page_number_from(request.GET)
    page = selectors.vacancy_list_open(
        filters=filters, page_number=requested_page, per_page=PER_PAGE
    )
    context = {
        "form": form,
        "filter_errors": not valid,
        "page": page,
        "filters": filters,
        "pagination": _pagination(page, filters),
        "filters_applied": bool(filters.rocu_slugs or filters.vetting_level_code),
    }
    response = render(request, "vacancies/vacancy_list.html", context)
    response.content = _compact(response.content)
    if valid and page.page_number == requested_page:
        page_cache.store(
            version=version,
            kind="list",
            normalized_query=normalized_query,
            body=response.content,
            valid_until=page.next_closing_at,
        )
    return response


def _with_filter_defaults(query):
    """The query with the form's defaults for what it leaves out. Always bound, so that
    page 2 (``?page=2``) still ticks "Any level" and the default sort, as page 1 does."""
    data = query.copy()
    data.setdefault("level", "")
    data.setdefault("sort", selectors.VacancySort.CLOSING_SOONEST)
    return data


@require_safe
def vacancy_detail(request, reference: str):
    if not _REFERENCE.match(reference):
        raise Http404("No such advert")
    version, body = page_cache.lookup(kind="detail", normalized_query=reference)
    if body is not None:
        return HttpResponse(body, content_type=_HTML)

    vacancy = selectors.vacancy_get_public(reference=reference)
    if vacancy is None:
        raise Http404("No such advert")
    is_open = vacancy.is_open()
    body = _compact(
        render_to_string(
            "vacancies/vacancy_detail.html",
            {"vacancy": vacancy, "is_preview": False},
            request=request,
        ).encode()
    )
    # An open advert's page turns into the closed one at its closing time.
    page_cache.store(
        version=version,
        kind="detail",
        normalized_query=reference,
        body=body,
        valid_until=vacancy.closing_at if is_open else None,
    )
    return HttpResponse(body, content_type=_HTML)


def served_from_cache(kind: str, content_type: str):
    """The feed and the sitemap through the same versioned page cache as the list:
    100 feed entries or 500 sitemap URLs took 0.15-0.2 s to build per request.
    Keyed by host, since both carry absolute links built from the request."""

    def decorate(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if request.GET:  # sitemap pages (?p=2) are rare: built each time
                return view(request, *args, **kwargs)
            key = request.get_host()
            version, body = page_cache.lookup(kind=kind, normalized_query=key)
            if body is not None:
                return HttpResponse(body, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200:
                page_cache.store(
                    version=version,
                    kind=kind,
                    normalized_query=key,
                    body=response.content,
                    valid_until=selectors.next_open_closing_at(),
                )
            return response

        return cached_view

    return decorate


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /__bench__/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _page_url(filters: selectors.VacancyFilters, page_number: int) -> str:

    query = [("rocu", slug) for slug in filters.rocu_slugs]
    if filters.vetting_level_code:
        query.append(("level", filters.vetting_level_code))
    if filters.sort != selectors.VacancySort.CLOSING_SOONEST:
        query.append(("sort", filters.sort))
    if page_number > 1:
        query.append(("page", str(page_number)))
    return "?" + urlencode(query) if query else reverse("vacancies:list")


def _pagination(page: selectors.OpenVacancyPage, filters) -> dict | None:
    """The GOV.UK pagination component's items: first, last, current ±1, with ellipses."""
    if page.page_count <= 1:
        return None
    current, last = page.page_number, page.page_count
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "href": _page_url(filters, number), "current": number == current}
        )
        previous = number
    return {
        "items": items,
        "previous": _page_url(filters, current - 1) if current > 1 else None,
        "next": _page_url(filters, current + 1) if current < last else None,
    }
