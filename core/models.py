"""Service-wide rows that belong to no one app."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by a Celery worker on each beat tick; /healthz reports the latest.

    One row per worker hostname, updated in place, so the table stays tiny.
    """

    worker_hostname = models.CharField(max_length=255, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_hostname} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
