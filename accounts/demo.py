"""Demo staff users, one per role, for two ROCUs (see core seed_demo)."""

from django.contrib.auth.models import Group

from . import roles
from .models import Rocu, User

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
)


def seed(*, write) -> None:
    rows = []
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
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
        user.rocus.set(Rocu.objects.filter(slug__in=rocu_slugs))
        rows.append(f"  {username:<14} {role:<12} {', '.join(rocu_slugs) or 'all ROCUs'}")
    write(f"Demo staff (sign in at http://127.0.0.1:8000/admin/ with password '{DEMO_PASSWORD}'):")
    for row in rows:
        write(row)
