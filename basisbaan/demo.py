"""Demo data of the core app: a fictional municipality, its wijken and dorpen, demo users."""

from collections.abc import Callable
from importlib import import_module

from django.contrib.auth.models import Group

from .models import MunicipalityProfile, User, Wijk, WijkKind
from .roles import COACH, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, POLICY_ADMIN

DEMO_USERS = [
    # (e-mail, name, role, access to /beheer/)
    ("coach@veenwolde.example", "Sanne de Vries", COACH, False),
    ("beleid@veenwolde.example", "Bram Jansen", POLICY_ADMIN, False),
    ("bestuur@veenwolde.example", "Fatima el Amrani", EXECUTIVE_STAFF, False),
    ("beheer@veenwolde.example", "Kees Bakker", FUNCTIONAL_ADMIN, True),
]

DEMO_WIJKEN = [
    ("Centrum", WijkKind.WIJK),
    ("Oosterpark", WijkKind.WIJK),
    ("De Hoogte", WijkKind.WIJK),
    ("Vinkhuizen", WijkKind.WIJK),
    ("Beijum", WijkKind.WIJK),
    ("Lewenborg", WijkKind.WIJK),
    ("Selwerd", WijkKind.WIJK),
    ("Paddepoel", WijkKind.WIJK),
    ("Haren", WijkKind.DORP),
    ("Ten Boer", WijkKind.DORP),
    ("Glimmen", WijkKind.DORP),
    ("Noorddijk", WijkKind.DORP),
]


def seed_core(*, password: str) -> str:
    MunicipalityProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Gemeente Veenwolde",
            "department": "Directie Werk en Participatie",
            "street_address": "Postbus 1234",
            "postal_code": "9700 AB",
            "city": "Veenwolde",
            "phone": "14 050",
            "website": "https://www.veenwolde.example",
            "signatory_name": "A. de Wethouder",
            "signatory_title": "wethouder Werk en Participatie",
            "second_signatory_name": "B. Secretaris",
            "second_signatory_title": "gemeentesecretaris",
        },
    )
    for name, kind in DEMO_WIJKEN:
        Wijk.objects.update_or_create(name=name, defaults={"kind": kind, "active": True})
    for email, name, role, staff in DEMO_USERS:
        user, _created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        user.full_name = name
        user.is_staff = staff
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return f"{len(DEMO_WIJKEN)} wijken en dorpen, {len(DEMO_USERS)} demogebruikers"


def load_step(path: str) -> Callable[..., str]:
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


# Each step receives the demo password and returns a one-line summary; feature apps add theirs.
DEMO_STEP_PATHS = [
    "basisbaan.demo.seed_core",
    "candidates.demo.seed_candidates",
    "placements.demo.seed_placements",
    "coaching.demo.seed_coaching",
    "finance.demo.seed_finance",
]
