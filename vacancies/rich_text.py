"""Staff-written rich text (Markdown) turned into safe GOV.UK-styled HTML.

Markdown passes raw HTML through, so its output is never trusted: nh3 (the
ammonia sanitiser) keeps only the tags below, drops ``<script>``/``<style>``
with their content, every event-handler attribute and any link that is not
http(s) or mailto. GOV.UK classes are then set by the sanitiser itself, so no
class or style attribute from the source survives.
"""

from __future__ import annotations

import html

import markdown
import nh3

_GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    # Headings in an advert sit under the page's own h2 sections.
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "blockquote": {"class": "govuk-inset-text"},
}
_ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote"}


def markdown_to_safe_html(source: str | None) -> str:
    """HTML for ``source`` containing only allow-listed tags and attributes."""
    if not source:
        return ""
    rendered = markdown.markdown(source, output_format="html")
    # Headings in an advert sit under the page's own h1 and h2s: demote, never drop.
    for level in ("1", "2"):
        rendered = rendered.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values=_GOVUK_CLASSES,
    ).strip()


def markdown_to_plain_text(source: str | None) -> str:
    """The text of ``source`` with every tag removed (feed summaries, meta descriptions)."""
    if not source:
        return ""
    return html.unescape(nh3.clean(markdown.markdown(source), tags=set())).strip()
