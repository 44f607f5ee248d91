"""Time the workbook import on a synthetic workbook of N rows (default 10,000), the mix a
municipality moving in brings: candidates with their intake, decisions and employment,
then mostly coaching hours and wellbeing scores.

    manage.py workbook_bench [--rows 10000] [--keep]

Writes the workbook as XLSX and reads it back (as an upload would), runs the dry run and
then the import; the import is rolled back unless --keep. Needs the reference lists of a
seeded database (seed_demo or seed_scale): wijken, a team, a coach, an employer, a task
type, a guidance party and wellbeing domains."""

import io
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from basisbaan.models import TaskType, Team, User, Wijk
from basisbaan.workbook import reader, services
from basisbaan.workbook.schema import SHEETS_BY_KEY
from coaching.models import GuidanceParty, WellbeingDomain
from placements.models import Employer


def bsn_numbers(start: int):
    """Valid BSNs (elfproef) counting up from `start` (eight digits)."""
    number = start
    while True:
        digits = [int(d) for d in f"{number:08d}"]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            yield f"{number:08d}{check}"
        number += 1


class _Rollback(Exception):
    pass


def sample_tables(rows: int, *, seed: int = 7) -> dict[str, list[list]]:
    rng = random.Random(seed)
    today = timezone.localdate()
    wijk = Wijk.objects.filter(active=True).order_by("pk").first()
    team = Team.objects.order_by("pk").first()
    coach = User.objects.filter(is_active=True, groups__name="coach").order_by("pk").first()
    employer = Employer.objects.order_by("pk").first()
    task_type = TaskType.objects.order_by("pk").first()
    party = GuidanceParty.objects.order_by("pk").first()
    domains = list(WellbeingDomain.objects.order_by("pk")[:4])
    if not all([wijk, team, coach, employer, task_type, party, domains]):
        raise CommandError("Seed the reference lists first (seed_demo or seed_scale).")
    people = max(rows // 10, 2)
    placed = people // 2
    tasks = max(placed // 40 + 1, 1)
    header = {k: [str(c.header) for c in s.columns] for k, s in SHEETS_BY_KEY.items()}
    t: dict[str, list[list]] = {str(SHEETS_BY_KEY[k].title): [header[k]] for k in header}

    def add(key, row):
        t[str(SHEETS_BY_KEY[key].title)].append(row)

    add("organisations", ["Werkmap Bench", "buurtcentrum", wijk.name, "", "", "", "ja"])
    for i in range(tasks):
        add("tasks", ["Werkmap Bench", wijk.name, task_type.name, f"Bench taak {i}", "", 20, 50,
                      "licht", "", "ja", today - timedelta(days=30), "ja", coach.email])  # fmt: skip
    numbers = bsn_numbers(70_000_000 + seed * 100_000)
    count = 1 + tasks
    placed_people = []
    for i in range(people):
        bsn = next(numbers)
        registered = today - timedelta(days=rng.randint(200, 400))
        add("candidates", [bsn, f"Bench{i}", "Werkmap", "12-03-1980", "vrouw", "alleenstaand", 0,
                           wijk.name, team.name, "01-01-2020", "klantmanager", coach.email,
                           registered, 24, "licht"])  # fmt: skip
        talk = registered + timedelta(days=7)
        add("conversations", [bsn, talk, coach.email, 60, "kennismaking", "werk", "", "nee"])
        count += 2
        if i < placed:
            decided = talk + timedelta(days=7)
            add("decisions", [bsn, decided, "geplaatst", "", "", coach.email])
            start = decided + timedelta(days=14)
            add("contracts", [bsn, start, employer.name, wijk.name, "onbepaald", start, None, 24,
                              None, ""])  # fmt: skip
            add("assignments", [bsn, start, "Werkmap Bench", wijk.name, f"Bench taak {i // 40}",
                                20, start, None])  # fmt: skip
            count += 3
            placed_people.append((bsn, start))
    for bsn, start in placed_people[: max(rows // 50, 1)]:
        add("sick_reports", [bsn, start + timedelta(days=20), start + timedelta(days=25), ""])
        count += 1
    remaining = max(rows - count, 0)
    wellbeing = remaining // 5
    measured = set()
    while wellbeing > 0:
        bsn, start = rng.choice(placed_people)
        day = start + timedelta(days=rng.randint(1, max((today - start).days - 1, 1)))
        if (bsn, day) in measured or day > today:
            continue
        measured.add((bsn, day))
        for domain in domains[: min(len(domains), wellbeing)]:
            add("wellbeing", [bsn, day, domain.name, rng.randint(1, 5), coach.email, ""])
            wellbeing -= 1
            count += 1
    cells = set()
    while count < rows:
        bsn, start = rng.choice(placed_people)
        span = (today - start).days
        if span < 1:
            continue
        day = start + timedelta(days=rng.randint(0, span - 1))
        by_party = rng.random() < 0.5
        key = (bsn, day, by_party)
        if key in cells:
            continue
        cells.add(key)
        add("coaching", [bsn, day, "", "werk", rng.choice([30, 45, 60, 90]), None,
                         "" if by_party else coach.email, party.name if by_party else "", "",
                         "nee"])  # fmt: skip
        count += 1
    return t


def xlsx(tables: dict[str, list[list]]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Time the workbook import on a synthetic workbook (dry run and import)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--keep", action="store_true", help="keep the imported records")

    def handle(self, *args, rows: int, keep: bool, **options) -> None:
        user = User.objects.filter(is_active=True, groups__name="functioneel beheerder").first()
        if user is None:
            raise CommandError("No functional admin: run seed_demo or create one first.")
        content = xlsx(sample_tables(rows))
        started = time.monotonic()
        tables = reader.read_files([("bench.xlsx", content)])
        read = time.monotonic() - started
        total = sum(len(r) - 1 for r in tables.values())
        dry = services.workbook_import(tables=tables, user=user, dry_run=True)
        if not dry.ok:
            for problem in dry.problems[:10]:
                self.stdout.write(str(problem))
            raise CommandError(f"{len(dry.problems)} problems in the synthetic workbook")
        try:
            with transaction.atomic():
                done = services.workbook_import(tables=tables, user=user, dry_run=False)
                if not keep:
                    raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"{total} rows ({len(content) // 1024} KB): read {read:.1f} s, dry run "
            f"{dry.seconds:.1f} s, import {done.seconds:.1f} s" + ("" if keep else " (rolled back)")
        )
