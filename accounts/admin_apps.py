"""Django's admin, installed with our site class (accounts.admin_site.StaffAdminSite).

Its own module, because an apps.py with two AppConfig classes makes Django's
choice of default ambiguous.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.StaffAdminSite"
