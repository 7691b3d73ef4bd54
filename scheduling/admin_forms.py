"""The HR slot form: a date and two times (UK time), place or online, capacity.

The rules (in the future, ends after it starts, capacity at least 1 and not
below the bookings, a place unless online) are ``services.slot_problems``; the
form shows each against its field.
"""

import datetime

from django import forms
from django.utils import timezone

from core.govuk_dates import UK_TIME_ZONE

from . import services
from .models import Slot


class SlotForm(forms.ModelForm):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(
        initial=1, help_text="How many candidates can book this slot (at least 1)."
    )

    class Meta:
        model = Slot
        fields = ("vacancy", "round", "date", "start_time", "end_time", "online", "place")

    def __init__(self, *args, vacancies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vacancies is not None and "vacancy" in self.fields:
            self.fields["vacancy"].queryset = vacancies
        if self.instance.pk:
            starts = self.instance.starts_at.astimezone(UK_TIME_ZONE)
            self.initial.update(
                date=starts.date(),
                start_time=starts.time(),
                end_time=self.instance.ends_at.astimezone(UK_TIME_ZONE).time(),
                capacity=self.instance.capacity,
            )

    @staticmethod
    def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(day, time, tzinfo=UK_TIME_ZONE)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        data["starts_at"] = self._at(day, start) if day and start else None
        data["ends_at"] = self._at(day, end) if day and end else None
        booked = (
            self.instance.bookings.filter(cancelled_at__isnull=True).count()
            if self.instance.pk
            else 0
        )
        problems = services.slot_problems(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data.get("capacity"),
            online=bool(data.get("online")),
            place=data.get("place") or "",
            now=timezone.now(),
            booked=booked,
        )
        for field, messages in problems.items():
            for message in messages:
                self.add_error(field or None, message)
        return data
