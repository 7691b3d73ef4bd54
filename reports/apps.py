from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .aggregates import register_sqlite_median

        # The embedded default (SQLite) has no percentile_cont: reports/aggregates.py.
        connection_created.connect(register_sqlite_median, dispatch_uid="reports.sqlite_median")
