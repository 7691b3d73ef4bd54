"""The site's URLs plus an application page, as the applicants app will mount it."""

from django.http import HttpResponse
from django.urls import path

from toex_recruit.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("vacancies/<str:reference>/apply/", lambda request, reference: HttpResponse("apply")),
    *site_urlpatterns,
]
