"""The site's URLs without the applications app: how an advert reads with no apply page."""

from toex_recruit.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    pattern for pattern in site_urlpatterns if getattr(pattern, "namespace", None) != "applications"
]
