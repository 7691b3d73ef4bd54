"""The Atom feed of open adverts (/vacancies/feed/), newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy

from core.govuk_dates import govuk_datetime
from core.site import absolute_url

from . import presentation, selectors
from .rich_text import markdown_to_plain_text


class OpenVacanciesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Intelligence Researcher vacancies – TOEX Recruit")
    subtitle = gettext_lazy(
        "Open Intelligence Researcher adverts in the Regional Organised Crime Units."
    )
    link = reverse_lazy("vacancies:list")
    feed_url = reverse_lazy("vacancies:feed")
    author_name = gettext_lazy("Tackling Organised Exploitation (TOEX) programme")

    def items(self):
        return selectors.vacancy_list_open_for_feed(limit=100)

    def item_title(self, item):
        return f"{item.title} – {item.rocu.short_name}"

    def item_description(self, item):
        facts = [
            markdown_to_plain_text(item.summary),
            gettext("Closes %(closing)s.")
            % {"closing": govuk_datetime(presentation.actual_close(item))},
        ]
        salary = presentation.salary_range(item)
        if salary:
            facts.append(gettext("Salary %(salary)s.") % {"salary": salary})
        if item.vetting_level_id:
            names = f" {gettext('and')} ".join(level.name for level in item.vetting_levels())
            facts.append(gettext("Vetting: %(names)s.") % {"names": names})
        return " ".join(fact for fact in facts if fact)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # A permanent, absolute id: the public address, whatever host served the feed.
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.rocu.name

    def item_categories(self, item):
        return presentation.focus_area_labels(item)
