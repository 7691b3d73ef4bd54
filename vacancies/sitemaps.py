"""sitemap.xml: the list page and every open advert (closed ones are not advertised)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class VacancyListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["vacancies:list"]

    def location(self, item):
        return reverse(item)


class OpenVacancySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return selectors.vacancy_list_open_for_feed(limit=self.limit)

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"vacancy-list": VacancyListSitemap, "vacancies": OpenVacancySitemap}
