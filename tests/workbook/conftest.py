"""A small municipality twice: typed in through the apps' services (`type_in`), and as the
hand-made workbook a team would bring (`hand_made_tables`) holding the same records.

The people (today is 24 November 2026; the third quarter runs 1 July - 30 September):
    A  Centrum; intake, placed; fixed contract 1 Mar - 31 Aug at 24 h, renewed 1 Sep -
       28 Feb at 24 h, 28 h from 1 Oct; task "Tuinonderhoud" 12 h; sick 6 - 12 Jul (back
       13 Jul), 50% from 10 Jul; coaching 60 min on 7 Jul (coach) and 120 min in the week
       of 13 Jul (party); wellbeing "Gezondheid" 2 on 5 Mar and 4 on 1 Sep.
    B  Noord; intake, rejected ("Geen bijstand") on 20 Feb.
    C  Noord; registered only; earlier participatiebaan 2019.
    D  Centrum; intake, placed; indefinite contract from 1 Apr at 32 h, ended 15 Aug
       (uitval); task "Tuinonderhoud" 20 h.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from basisbaan.models import TaskType, Wijk
from candidates import services as candidate_services
from candidates.models import ExclusionReason
from coaching import services as coaching_services
from coaching.models import CoachingEntry, GuidanceParty, WellbeingDomain
from finance.models import CostParameters
from placements import services as placement_services
from placements.models import Employer
from tests.factories import default_team, valid_bsn

TODAY = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BSN = {name: valid_bsn(900 + i) for i, name in enumerate("ABCD")}


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def reference(db, coach, policy_admin, functional_admin):
    """The lists a municipality sets up before moving in (kept by the round trip)."""
    CostParameters.objects.create(year=2026)
    return {
        "centrum": Wijk.objects.create(name="Centrum"),
        "noord": Wijk.objects.create(name="Noord"),
        "team": default_team(),
        "employer": Employer.objects.create(name="Thermiek BV"),
        "task_type": TaskType.objects.create(name="Groen"),
        "party": GuidanceParty.objects.create(name="Werkpad"),
        "domain": WellbeingDomain.objects.create(name="Gezondheid"),
        "reason": ExclusionReason.objects.create(name="Geen bijstand"),
        "coach": coach,
        "policy_admin": policy_admin,
        "admin": functional_admin,
    }


def _person(bsn, first, wijk, team, registered, **lists):
    return candidate_services.candidate_create(
        **lists,
        values={
            "bsn": bsn,
            "first_name": first,
            "last_name": "Proef",
            "date_of_birth": date(1980, 3, 1),
            "gender": "vrouw",
            "household": "alleenstaand",
            "number_of_children": 0,
            "home_wijk": wijk,
            "team": team,
            "on_assistance_since": date(2020, 1, 1),
            "referral_source": "klantmanager",
            "registered_on": registered,
            "available_hours": 24,
            "physical_capacity": "licht",
        },
    )


@pytest.fixture
def type_in(reference, today):
    """The records entered one by one through the services, as a coach would."""

    def run():
        r = reference
        organisation = placement_services.organisation_create(
            values={"name": "Buurtcentrum De Kern", "kind": "buurtcentrum", "wijk": r["centrum"]}
        )
        task = placement_services.task_create(
            values={
                "organisation": organisation,
                "wijk": r["centrum"],
                "task_type": r["task_type"],
                "title": "Tuinonderhoud",
                "hours_per_week": 20,
                "places": 2,
                "physical_demand": "licht",
            }
        )
        placement_services.displacement_check_record(
            task=task,
            checked_by=r["policy_admin"],
            checked_on=date(2026, 1, 5),
            no_displacement=True,
        )
        a = _person(
            BSN["A"],
            "Anna",
            r["centrum"],
            r["team"],
            date(2026, 1, 10),
            preferred_task_types=[r["task_type"]],
            wijken_within_reach=[r["noord"], r["centrum"]],
        )
        b = _person(BSN["B"], "Bram", r["noord"], r["team"], date(2026, 2, 1))
        c = _person(BSN["C"], "Cor", r["noord"], r["team"], date(2026, 3, 1))
        d = _person(BSN["D"], "Dewi", r["centrum"], r["team"], date(2026, 2, 1))
        candidate_services.prior_instrument_add(
            candidate=c,
            kind="participatiebaan",
            start_date=date(2019, 1, 1),
            end_date=date(2019, 12, 31),
            led_to_paid_work=False,
        )
        for person, day in ((a, date(2026, 1, 15)), (b, date(2026, 2, 5)), (d, date(2026, 2, 10))):
            candidate_services.conversation_create(
                candidate=person,
                coach=r["coach"],
                date=day,
                duration_minutes=60,
                kind="kennismaking",
                topics=["werk"],
                notes="",
            )
        for person, outcome, reason, motivation, day in (
            (a, "geplaatst", None, "", date(2026, 2, 1)),
            (b, "afgewezen", r["reason"], "Geen bijstand meer", date(2026, 2, 20)),
            (d, "geplaatst", None, "", date(2026, 3, 1)),
        ):
            candidate_services.decision_record(
                candidate=person,
                outcome=outcome,
                exclusion_reason=reason,
                motivation=motivation,
                decided_on=day,
                decided_by=r["coach"],
            )
        pa = placement_services.placement_create(
            candidate=a,
            employer=r["employer"],
            primary_wijk=r["centrum"],
            start_date=date(2026, 3, 1),
            contract_kind="bepaald",
            contract_end=date(2026, 8, 31),
            hours_per_week=Decimal(24),
            assignments=[(task, Decimal(12))],
        ).placement
        placement_services.contract_renew(
            placement=pa, start_date=date(2026, 9, 1), end_date=date(2027, 2, 28)
        )
        placement_services.hours_change(
            placement=pa, valid_from=date(2026, 10, 1), hours_per_week=Decimal(28)
        )
        pd = placement_services.placement_create(
            candidate=d,
            employer=r["employer"],
            primary_wijk=r["centrum"],
            start_date=date(2026, 4, 1),
            contract_kind="onbepaald",
            contract_end=None,
            hours_per_week=Decimal(32),
            assignments=[(task, Decimal(20))],
        ).placement
        placement_services.placement_end(placement=pd, end_date=date(2026, 8, 15), reason="uitval")
        report = placement_services.sick_report_create(placement=pa, first_day=date(2026, 7, 6))
        placement_services.recovery_step_add(
            sick_report=report,
            expected_version=report.version,
            from_date=date(2026, 7, 10),
            incapacity_percent=50,
        )
        placement_services.sick_report_recover(
            sick_report=report, expected_version=report.version, recovered_on=date(2026, 7, 13)
        )
        coaching_services.coaching_entry_add(
            candidate=a, date=date(2026, 7, 7), minutes=60, kind="werk", coach=r["coach"]
        )
        coaching_services.week_grid_save(
            week_start=date(2026, 7, 13), cells={(a.pk, "werk"): 120}, party=r["party"]
        )
        for day, score in ((date(2026, 3, 5), 2), (date(2026, 9, 1), 4)):
            coaching_services.measurement_record(
                candidate=a, date=day, scores={r["domain"]: score}, measured_by=r["coach"]
            )

    return run


def hand_made_tables(coach_email: str, checker_email: str) -> dict[str, list[list]]:
    """The same records as a team's workbook: Dutch dates and numbers as Excel shows them."""
    A, B, C, D = (BSN[k] for k in "ABCD")
    person = ["Proef", "01-03-1980", "vrouw", "alleenstaand", 0]
    rest = ["Testteam", "01-01-2020", "klantmanager", "", None, 24, "licht"]
    return {
        "Organisaties": [
            ["Naam", "Soort", "Wijk"],
            ["Buurtcentrum De Kern", "buurtcentrum", "Centrum"],
        ],
        "Taken": [
            [
                "Organisatie",
                "Wijk",
                "Soort taak",
                "Korte omschrijving",
                "Uren per week",
                "Aantal plaatsen",
                "Fysieke belasting",
                "Verdringingstoets op",
                "Geen verdringing",
                "Getoetst door (e-mail)",
            ],
            [
                "Buurtcentrum De Kern",
                "Centrum",
                "Groen",
                "Tuinonderhoud",
                20,
                2,
                "licht",
                "05-01-2026",
                "ja",
                checker_email,
            ],
        ],  # fmt: skip
        "Kandidaten": [
            [
                "BSN",
                "Voornaam",
                "Achternaam",
                "Geboortedatum",
                "Geslacht",
                "Huishouden",
                "Aantal kinderen",
                "Woonwijk",
                "Team",
                "In de bijstand sinds",
                "Aangemeld via",
                "Coach (e-mail)",
                "Aangemeld op",
                "Beschikbaar (uren per week)",
                "Fysieke belastbaarheid",
            ],
            [A, "Anna", *person, "Centrum", *rest[:4], "10-01-2026", *rest[5:]],
            [B, "Bram", *person, "Noord", *rest[:4], "01-02-2026", *rest[5:]],
            [C, "Cor", *person, "Noord", *rest[:4], "01-03-2026", *rest[5:]],
            [D, "Dewi", *person, "Centrum", *rest[:4], "01-02-2026", *rest[5:]],
        ],  # fmt: skip
        "Eerdere instrumenten": [
            ["BSN", "Soort", "Van", "Tot en met", "Leidde tot betaald werk"],
            [C, "participatiebaan", "01-01-2019", "31-12-2019", "nee"],
        ],
        "Intakegesprekken": [
            ["BSN", "Datum", "Coach (e-mail)", "Duur (minuten)", "Soort gesprek", "Onderwerpen"],
            [A, "15-01-2026", coach_email, 60, "kennismaking", "werk"],
            [B, "05-02-2026", coach_email, 60, "kennismaking", "werk"],
            [D, "10-02-2026", coach_email, 60, "kennismaking", "werk"],
        ],
        "Besluiten": [
            ["BSN", "Besluitdatum", "Besluit", "Reden", "Motivering", "Besloten door (e-mail)"],
            [A, "01-02-2026", "geplaatst", "", "", coach_email],
            [B, "20-02-2026", "afgewezen", "Geen bijstand", "Geen bijstand meer", coach_email],
            [D, "01-03-2026", "geplaatst", "", "", coach_email],
        ],
        "Dienstverbanden": [
            [
                "BSN",
                "In dienst per",
                "Werkgever",
                "Hoofdwijk",
                "Soort contract",
                "Contract van",
                "Contract tot en met",
                "Uren per week",
                "Uit dienst per",
                "Reden uit dienst",
            ],
            [
                A,
                "01-03-2026",
                "Thermiek BV",
                "Centrum",
                "bepaald",
                "01-03-2026",
                "31-08-2026",
                "24",
                "",
                "",
            ],
            [
                A,
                "01-03-2026",
                "Thermiek BV",
                "Centrum",
                "bepaald",
                "01-09-2026",
                "28-02-2027",
                "24",
                "",
                "",
            ],
            [
                D,
                "01-04-2026",
                "Thermiek BV",
                "Centrum",
                "onbepaald",
                "01-04-2026",
                "",
                "32",
                "15-08-2026",
                "uitval",
            ],
        ],  # fmt: skip
        "Urenwijzigingen": [
            ["BSN", "In dienst per", "Met ingang van", "Uren per week"],
            [A, "01-03-2026", "01-10-2026", "28"],
        ],
        "Taaktoewijzingen": [
            ["BSN", "In dienst per", "Organisatie", "Wijk", "Taak", "Uren per week", "Vanaf"],
            [
                A,
                "01-03-2026",
                "Buurtcentrum De Kern",
                "Centrum",
                "Tuinonderhoud",
                "12",
                "01-03-2026",
            ],
            [
                D,
                "01-04-2026",
                "Buurtcentrum De Kern",
                "Centrum",
                "Tuinonderhoud",
                "20",
                "01-04-2026",
            ],
        ],  # fmt: skip
        "Ziekmeldingen": [
            ["BSN", "Eerste ziektedag", "Hersteld op"],
            [A, "06-07-2026", "13-07-2026"],
        ],
        "Herstelstappen": [
            ["BSN", "Eerste ziektedag", "Vanaf", "Arbeidsongeschikt (%)"],
            [A, "06-07-2026", "10-07-2026", 50],
        ],
        "Begeleidingsuren": [
            [
                "BSN",
                "Datum",
                "Week",
                "Soort",
                "Minuten",
                "Uren",
                "Coach (e-mail)",
                "Begeleidende partij",
            ],
            [A, "07-07-2026", "", "werk", 60, "", coach_email, ""],
            [A, "", "2026-W29", "werk", "", "2", "", "Werkpad"],
        ],  # fmt: skip
        "Welzijnsmetingen": [
            ["BSN", "Datum", "Domein", "Score (1-5)", "Gemeten door (e-mail)"],
            [A, "05-03-2026", "Gezondheid", 2, coach_email],
            [A, "01-09-2026", "Gezondheid", 4, coach_email],
        ],
    }


@pytest.fixture
def tables(reference):
    return hand_made_tables(reference["coach"].email, reference["policy_admin"].email)


def empty_municipality() -> None:
    """Remove every person and the task inventory, as in a database the workbook moves
    into; reference lists, staff and cost parameters stay. As the owner of the tables (the
    application's role may not delete history and break-glass rows): the test using it is
    transactional."""
    from django.db import connection

    from basisbaan.dbroles import as_owner
    from candidates.models import Candidate
    from placements.models import DisplacementCheck, Organisation, Placement, Task

    with as_owner(connection):
        CoachingEntry.objects.all().delete()
        Placement.objects.all().delete()
        Candidate.objects.all().delete()
        DisplacementCheck.objects.all().delete()
        Task.objects.all().delete()
        Organisation.objects.all().delete()
    assert not Candidate.objects.exists()
