"""What scheduling holds about a candidate: their bookings (which slot, when booked or
cancelled). Registered with ``privacy.registry`` from ``SchedulingConfig.ready()``.

Slots themselves are HR's timetable and name nobody, so they stay.
"""

from django.utils.translation import gettext_lazy as _

from applications.personal_data import hanging_rows

from .models import Booking

PROVIDER, RETENTION_RULES = hanging_rows(
    name="scheduling",
    models=(Booking,),
    title=_("Assessment and interview bookings"),
    explanation=_("The assessment and interview times you booked, changed or cancelled."),
    retention_key="scheduling.anonymised_applications",
    what="Bookings of anonymised applications",
)
