"""Receivers of other apps' events. They only write rows and queue work after commit."""

from . import services


def record_alert_fan_out(sender, *, vacancy, **kwargs):
    # Runs inside the publish transaction: the job row commits or rolls back with it.
    services.alert_fan_out_record(vacancy=vacancy)
