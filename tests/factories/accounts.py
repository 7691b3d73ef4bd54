"""Factories for staff users. ROCUs are reference data loaded by migration: use them."""

import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Rocu, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@staff.example")
    first_name = "Sam"
    last_name = "Jones"
    is_staff = True
    password = factory.django.Password("a-long-test-password")


def staff_user(role: str, *rocu_slugs: str, **fields) -> User:
    """A staff user in ``role`` (see accounts.roles) for the given ROCUs."""
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    user.rocus.set(Rocu.objects.filter(slug__in=rocu_slugs))
    return user


def national_hr(**fields) -> User:
    return staff_user(roles.NATIONAL_HR, **fields)


def rocu_lead(*rocu_slugs: str, **fields) -> User:
    return staff_user(roles.ROCU_LEAD, *rocu_slugs, **fields)


def rocu_hr(*rocu_slugs: str, **fields) -> User:
    return staff_user(roles.ROCU_HR, *rocu_slugs, **fields)


def sifter(*rocu_slugs: str, **fields) -> User:
    return staff_user(roles.SIFTER, *rocu_slugs, **fields)
