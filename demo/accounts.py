"""Accounts that still have the demo's public password (demo.companies.DEMO_PASSWORD).

The password is in the README, so an account that has it is open to anyone: `make serve`
refuses to start while one exists (`manage.py demo_password_check`), and load_demo warns
when it leaves such accounts in a database that is not the local SQLite file."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from demo import companies as demo


def demo_login_names() -> set[str]:
    """Every log-in load_demo can make: the coordinator, each demo company's owner and
    staff member, and the relay's organiser."""
    names = {"koordinator", "arrangoer", demo.DEMO_COORDINATOR_EMAIL}
    for plan in demo.COMPANIES:
        names.update(demo.demo_logins(plan.slug))
    return names


def accounts_with_demo_password() -> list[AbstractBaseUser]:
    """Active superusers and demo log-ins whose password is the demo's. Each check is a
    password hash (PBKDF2), so only these accounts are tried, not every user."""
    User = get_user_model()
    names = demo_login_names()
    candidates = User.objects.filter(is_active=True).filter(
        is_superuser=True
    ) | User.objects.filter(is_active=True, username__in=names)
    candidates |= User.objects.filter(is_active=True, email__in=names)
    return [user for user in candidates.distinct() if user.check_password(demo.DEMO_PASSWORD)]
