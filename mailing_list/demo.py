"""Demo subscribers (confirmed, in several regions), so the admin counts and the alert
fan-out have something to show locally. Idempotent: keyed on the address.

Written directly rather than through subscriber_register on purpose: demo people
have already "confirmed", and seeding must not queue confirmation emails.
"""

from django.utils import timezone

from accounts.models import Rocu

from .models import Frequency, Subscriber, SubscriberStatus

# (address, first name, ROCU slugs or None for anywhere, frequency)
DEMO_SUBSCRIBERS = (
    ("alex.demo@example.com", "Alex", None, Frequency.IMMEDIATELY),
    ("bea.demo+jobs@example.com", "Bea", ("nersou",), Frequency.IMMEDIATELY),
    ("chris.demo@example.com", "Chris", ("nersou", "emsou"), Frequency.WEEKLY),
    ("dee.demo@example.com", "Dee", ("tarian",), Frequency.WEEKLY),
)


def seed(*, write) -> None:
    now = timezone.now()
    created_count = 0
    for email, first_name, rocu_slugs, frequency in DEMO_SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            address_key=email.lower(),
            defaults={
                "email": email,
                "first_name": first_name,
                "wants_everywhere": rocu_slugs is None,
                "frequency": frequency,
                "status": SubscriberStatus.CONFIRMED,
                "consent_text_version": "demo",
                "consented_at": now,
                "confirmed_at": now,
                "last_reconfirmed_at": now,
            },
        )
        if created:
            created_count += 1
            if rocu_slugs:
                subscriber.rocus.set(Rocu.objects.filter(slug__in=rocu_slugs))
    write(f"Mailing list: {created_count} demo subscriber(s) added.")
