"""Demo accounts for every role, so that a newcomer can click through every portal.

Passwords are random, made once per machine and kept in var/demo_accounts.json; a
second run reuses them and touches nothing else that exists.
"""

import json
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from applicants import demo as applicants_demo
from changes import demo as changes_demo
from permits import demo as permits_demo
from units import demo as units_demo
from units.models import Unit

from .constants import Role
from .models import User

DEMO_ACCOUNTS_FILE = settings.VAR_DIR / "demo_accounts.json"

# The demo units: (name, 17-character credit-code base; the check character is computed).
DEMO_UNITS = {
    # Holds business permission and a quota: employees can associate and apply (PR3).
    "unit": ("北京亦庄示范科技有限公司", "91110302MA01K7W30"),
    # Just signed in for the first time: completes its profile and applies for PR1.
    "unit-new": ("北京亦庄新设科技有限公司", "91110302MA01K7X39"),
}


def demo_credit_code(base: str) -> str:
    return base + uscc.calc_check_digit(base)


DEMO_USERS = [
    # username, role, full name
    ("unit", Role.UNIT_STAFF, "王经办"),
    ("unit-new", Role.UNIT_STAFF, "陈经办"),
    ("applicant", Role.APPLICANT, "李申请"),
    ("reviewer", Role.REVIEWER, "张审核"),
    ("admin", Role.ADMINISTRATOR, "赵管理"),
]


def read_demo_accounts() -> list[dict[str, Any]]:
    if not DEMO_ACCOUNTS_FILE.exists():
        return []
    return json.loads(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def seed_demo_accounts() -> list[dict[str, Any]]:
    known = {a["username"]: a for a in read_demo_accounts()}
    units = {
        username: Unit.objects.get_or_create(
            credit_code=demo_credit_code(base), defaults={"name": name}
        )[0]
        for username, (name, base) in DEMO_UNITS.items()
    }
    accounts = []
    for username, role, full_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        password = known.get(username, {}).get("password")
        if user is None:
            password = password or secrets.token_urlsafe(9)
            user = User(
                username=username,
                role=role,
                last_name=full_name[0],
                first_name=full_name[1:],
                unit=units.get(username),
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            user.set_password(password)
            user.save()
        elif password is None:
            # The account exists but its password was not recorded here: leave it alone.
            password = _("(unchanged)")
        accounts.append(
            {
                "username": username,
                "password": password,
                "role": role.value,
                "role_label": str(role.label),
            }
        )
    DEMO_ACCOUNTS_FILE.write_text(json.dumps(accounts, ensure_ascii=False, indent=2), "utf-8")
    DEMO_ACCOUNTS_FILE.chmod(0o600)
    return accounts


def seed_all() -> None:
    """Demo data of every app, in the order they build on each other. Reference data
    (`portal.reference_data.load_reference`) must be loaded first; `bootstrap` does.
    The demo accounts come first: demo cases are made by them."""
    seed_demo_accounts()
    units_demo.seed()
    applicants_demo.seed()
    permits_demo.seed()
    changes_demo.seed()
