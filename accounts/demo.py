"""Demo staff users, one per role, for two ROCUs (see core seed_demo).

None is a superuser: daily work needs none. Each gets a confirmed authenticator
device, so a newcomer signs in with ``manage.py demo_totp <username>`` instead
of a phone. ``sign_in_details`` is printed last by seed_demo.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.urls import reverse

from core.site import absolute_url

from . import roles
from .models import Rocu, User
from .services import staff_demo_totp_device

# Printed on purpose: demo data only ever loads with DEBUG on (seed_demo refuses otherwise).
DEMO_PASSWORD = "toex-demo-password"  # noqa: S105
DEMO_ROCU_SLUGS = ("nersou", "emsou")

# (username, role, ROCU slugs, first name, last name)
DEMO_STAFF = (
    ("national.hr", roles.NATIONAL_HR, (), "Nadia", "Hussain"),
    ("nersou.lead", roles.ROCU_LEAD, ("nersou",), "Liam", "Robson"),
    ("nersou.hr", roles.ROCU_HR, ("nersou",), "Helen", "Armstrong"),
    ("emsou.lead", roles.ROCU_LEAD, ("emsou",), "Priya", "Patel"),
    ("emsou.hr", roles.ROCU_HR, ("emsou",), "Tom", "Walker"),
    ("nersou.sifter", roles.SIFTER, ("nersou",), "Sam", "Field"),
    ("health.adviser", roles.OCCUPATIONAL_HEALTH, DEMO_ROCU_SLUGS, "Grace", "Okafor"),
    ("equality.reports", roles.EQUALITY_REPORTING, ("nersou", "emsou"), "Erin", "Shaw"),
)


def seed(*, write) -> None:
    # Hashed once for all of them: the default hasher takes ~0.2 CPU-s a hash, and the
    # password is the same and printed anyway (a shared salt hides nothing here).
    password_hash = None
    for username, role, rocu_slugs, first_name, last_name in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@staff.toex-recruit.example",
                "is_staff": True,
            },
        )
        if created:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
        # Older demo databases made some of these superusers; none needs to be.
        user.is_superuser = False
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.rocus.set(Rocu.objects.filter(slug__in=rocu_slugs))
        staff_demo_totp_device(user=user)
    write(f"Demo staff: {len(DEMO_STAFF)} accounts, one per role (details at the end).")


def sign_in_details(*, write) -> None:
    """The short table a newcomer needs, printed after everything else."""
    rows = [("username", "role", "sees")]
    for username, role, rocu_slugs, _first, _last in DEMO_STAFF:
        rows.append((username, role, ", ".join(rocu_slugs).upper() or "every ROCU"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    write("")
    write(f"Sign in at {absolute_url(reverse('admin:index'))}")
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        write(("  " + "  ".join(cells)).rstrip())
    write(f"  password (all): {DEMO_PASSWORD}")
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        write("  code (changes every 30 s): python manage.py demo_totp <username>")
