"""A synthetic municipality of any size, for measuring speed at scale.

    manage.py seed_scale --participants 250 --candidates 1000 --years 3
    manage.py seed_scale --participants 50000 --candidates 200000 --years 10

Proportions follow the demo (and the Groningen letter): every candidate has an intake
conversation; the first `participants` candidates are placed, of the others about seven in
ten are decided (mostly rejected, with the seeded exclusion reasons, some withdrawn) and the
rest undecided. A placement has a fixed-term contract, a renewal after a year and an
indefinite contract after two; one in five gets an hour increase (an addendum); one in five
ends (half of them dropout); two tasks each; about one sick report a year (3 to 27 days, one
in five with a partial recovery); a party's week grid of 110 minutes a week and a municipal
coach's 170 minutes a month (about 2.5 hours a week in all); a wellbeing measurement every
six months; cost parameters and a budget for every year.

Everything is written with set-based SQL (INSERT ... SELECT over generate_series): no ORM
save per row. Pseudo-random choices are hashes of the row number, so a run is reproducible.
The rows are new: run it on an empty database (after `migrate`), not on the demo.
"""

import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from basisbaan.dates import add_years
from basisbaan.dbroles import as_owner
from basisbaan.models import TaskType, Team, User, Wijk
from basisbaan.roles import COACH
from candidates.models import Candidate, ExclusionReason
from candidates.roles import DEFAULT_EXCLUSION_REASONS
from coaching.models import GuidanceParty, TrendState, WellbeingDomain, WellbeingSummary
from coaching.selectors import trend_refresh
from finance.models import Budget, CostParameters, FundingSource
from placements.models import Employer, EmploymentStale, Organisation

PARTICIPANTS_PER_COACH = 40
COACHES_PER_TEAM = 8


def h(expression: str, salt: str, modulo: int) -> str:
    """A reproducible pseudo-random integer in [0, modulo) from a row number expression."""
    return f"(abs(hashtext(({expression})::text || '{salt}')) %% {modulo})"


class Command(BaseCommand):
    help = "Bouwt een synthetische gemeente van de gevraagde omvang (voor snelheidsmetingen)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--participants", type=int, default=250)
        parser.add_argument("--candidates", type=int, default=1000)
        parser.add_argument("--years", type=int, default=3)

    def handle(self, *args, participants: int, candidates: int, years: int, **options) -> None:
        if not 1 <= participants <= candidates:
            raise CommandError("Need 1 <= participants <= candidates.")
        if not 1 <= years <= 30:
            raise CommandError("--years: 1 to 30.")
        if Candidate.objects.exists():
            raise CommandError("The database already has candidates: use an empty database.")
        self.today = timezone.localdate()
        self.start = add_years(self.today, -years)
        self.params = {"today": self.today, "start": self.start}
        began = time.monotonic()
        # As the owner of the tables, with their history triggers off for the bulk inserts:
        # pghistory's insert trigger costs about 0.4 ms a row, which would dominate at
        # national size. Synthetic rows get no change history. ALTER TABLE is transactional:
        # the triggers are back on when the transaction ends, also after a failure.
        with as_owner(connection), transaction.atomic():
            self.set_triggers(enabled=False)
            self.reference(participants, years)
            for step in (
                self.candidates_and_intake,
                self.placements,
                self.contracts,
                self.tasks_and_sickness,
                self.coaching,
                self.wellbeing,
            ):
                t0 = time.monotonic()
                rows = step(participants=participants, candidates=candidates)
                self.stdout.write(f"  {step.__name__}: {rows} rows, {time.monotonic() - t0:.1f} s")
            self.set_triggers(enabled=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The coaching trend's stored months and the stored employment timeline, for
        # everyone (the triggers that mark people were off): as a first read after the seed
        # would, so a benchmark measures pages.
        t0 = time.monotonic()
        TrendState.objects.all().delete()
        self.sql(
            f"INSERT INTO {EmploymentStale._meta.db_table} (candidate_id)"
            " SELECT DISTINCT candidate_id FROM placements_placement"
        )
        trend_refresh()
        self.stdout.write(f"  stored coaching months and employment: {time.monotonic() - t0:.1f} s")
        # What autovacuum does to a database that has been in use for a while: statistics
        # of the derived tables just filled (the ANALYZE above saw them empty) and the
        # visibility map that lets index-only scans skip the rows. Without it the first
        # benchmark measures a freshly bulk-loaded database (and a server with autovacuum
        # off would keep it that way).
        t0 = time.monotonic()
        with as_owner(connection), connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(f"  vacuum and statistics: {time.monotonic() - t0:.1f} s")
        self.stdout.write(f"seed_scale: done in {time.monotonic() - began:.1f} s")

    BULK_TABLES = [
        "candidates_candidate",
        "candidates_intakeconversation",
        "candidates_selectiondecision",
        "placements_task",
        "placements_displacementcheck",
        "placements_placement",
        "placements_contract",
        "placements_contracthours",
        "placements_taskassignment",
        "placements_sickreport",
        "placements_recoverystep",
        "coaching_coachingentry",
        "coaching_wellbeingmeasurement",
        "coaching_wellbeingscore",
    ]

    def set_triggers(self, *, enabled: bool) -> None:
        verb = "ENABLE" if enabled else "DISABLE"
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; check them now, or the tables
            # cannot be altered ("pending trigger events").
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in self.BULK_TABLES:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} {verb} TRIGGER USER"
                )

    def sql(self, statement: str, params: dict | None = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(statement, {**self.params, **(params or {})})
            return max(cursor.rowcount, 0)

    # --- reference data through the ORM (a few hundred rows) --------------------------------

    def reference(self, participants: int, years: int) -> None:
        coach_group = Group.objects.get(name=COACH)
        n_coaches = max(1, participants // PARTICIPANTS_PER_COACH)
        existing = User.objects.filter(email__startswith="schaal-coach-").count()
        User.objects.bulk_create(
            User(
                email=f"schaal-coach-{i}@schaal.example",
                full_name=f"Coach {i}",
                password="!",  # unusable: nobody logs in as these
            )
            for i in range(existing, n_coaches)
        )
        coaches = list(User.objects.filter(email__startswith="schaal-coach-").order_by("pk"))
        coach_group.user_set.add(*coaches)
        for index in range(0, len(coaches), COACHES_PER_TEAM):
            team, _created = Team.objects.get_or_create(
                name=f"Schaalteam {index // COACHES_PER_TEAM + 1}"
            )
            team.members.add(*coaches[index : index + COACHES_PER_TEAM])
        for i in range(Wijk.objects.count(), 30):
            Wijk.objects.create(name=f"Schaalwijk {i + 1}")
        for i in range(TaskType.objects.count(), 8):
            TaskType.objects.create(name=f"Schaaltaak {i + 1}")
        employer = Employer.objects.get_or_create(name="Schaal BV")[0]
        self.wijken = list(Wijk.objects.order_by("pk").values_list("pk", flat=True))[:30]
        n_orgs = max(10, participants // 25)
        Organisation.objects.bulk_create(
            Organisation(name=f"Organisatie {i}", kind="buurtcentrum")
            for i in range(Organisation.objects.count(), n_orgs)
        )
        for i in range(GuidanceParty.objects.count(), 4):
            GuidanceParty.objects.create(name=f"Begeleider {i + 1}")
        for year in range(self.start.year, self.today.year + 2):
            CostParameters.objects.get_or_create(
                # (the target field holds at most 32,767)
                year=year,
                defaults={"target_participants": min(participants, 32_767)},
            )
            source = FundingSource.objects.order_by("pk").first()
            if source is not None:
                Budget.objects.get_or_create(
                    source=source, year=year, defaults={"amount": 33_000 * participants}
                )
        # Tasks with displacement checks, enough places for everyone (two tasks each).
        n_tasks = max(20, participants // 2)
        self.sql(
            f"""
            INSERT INTO placements_task (version, title, description, hours_per_week, places,
                physical_demand, schedule, active, organisation_id, task_type_id, wijk_id)
            SELECT 1, 'Taak ' || i, '', 20, 6,
                   (ARRAY['licht', 'middel', 'zwaar'])[1 + {h("i", "d", 3)}], '', TRUE,
                   (%(orgs)s::bigint[])[1 + {h("i", "o", n_orgs)}],
                   (%(types)s::bigint[])[1 + i %% 8],
                   (%(wijken)s::bigint[])[1 + i %% 30]
            FROM generate_series(1, %(n)s) AS i
            """,
            {
                "n": n_tasks,
                "orgs": list(Organisation.objects.order_by("pk").values_list("pk", flat=True)),
                "types": list(TaskType.objects.order_by("pk").values_list("pk", flat=True))[:8],
                "wijken": self.wijken,
            },
        )
        self.sql(
            """
            INSERT INTO placements_displacementcheck (checked_on, no_displacement, note,
                created_at, checked_by_id, task_id)
            SELECT %(today)s - 30, TRUE, '', now(), %(by)s, t.id FROM placements_task t
            """,
            {"by": coaches[0].pk},
        )
        self.employer_id = employer.pk
        self.coach_ids = [c.pk for c in coaches]
        team_of = dict(
            Team.members.through.objects.filter(user__in=coaches).values_list("user_id", "team_id")
        )
        self.team_ids = [team_of[c.pk] for c in coaches]
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM placements_task ORDER BY id")
            self.task_ids = [row[0] for row in cursor.fetchall()]
        self.party_ids = list(GuidanceParty.objects.order_by("pk").values_list("pk", flat=True))[:4]

    # --- people: set-based SQL ------------------------------------------------------------

    def candidates_and_intake(self, *, participants: int, candidates: int) -> int:
        span = max((self.today - self.start).days - 90, 30)
        # BSN: 8 digits from the row number plus the elfproef check digit; rows whose check
        # digit would be 10 are skipped (hence the margin), duplicates are impossible.
        rows = self.sql(
            f"""
            WITH numbers AS (
                SELECT i, 10000000 + i * 7 AS p FROM generate_series(1, %(n)s * 2) AS i
            ),
            checked AS (
                SELECT i, p, (
                    9 * (p / 10000000 %% 10) + 8 * (p / 1000000 %% 10) + 7 * (p / 100000 %% 10)
                    + 6 * (p / 10000 %% 10) + 5 * (p / 1000 %% 10) + 4 * (p / 100 %% 10)
                    + 3 * (p / 10 %% 10) + 2 * (p %% 10)) %% 11 AS check_digit
                FROM numbers
            ),
            valid AS (
                SELECT row_number() OVER (ORDER BY i) AS n, (p * 10 + check_digit)::text AS bsn
                FROM checked WHERE check_digit < 10
            ),
            people AS (
                SELECT n, bsn,
                       %(start)s::date + {h("n", "r", span)} AS registered,
                       {h("n", "g", 100)} AS g, {h("n", "hh", 100)} AS hh,
                       {h("n", "c", 4)} AS kids, 27 + {h("n", "a", 37)} AS age
                FROM valid WHERE n <= %(n)s
            )
            INSERT INTO candidates_candidate (version, bsn, first_name, last_name, date_of_birth,
                gender, household, number_of_children, on_assistance_since, referral_source,
                registered_on, available_hours, physical_capacity, created_at, home_wijk_id,
                coach_id, team_id)
            SELECT 1, bsn, 'Deelnemer', 'Schaal ' || n,
                   (%(today)s::date - make_interval(years => age))::date,
                   CASE WHEN g < 60 THEN 'man' WHEN g < 99 THEN 'vrouw' ELSE 'anders' END,
                   CASE WHEN hh < 70 THEN 'alleenstaand' WHEN hh < 82 THEN 'alleenstaande_ouder'
                        ELSE 'samenwonend' END,
                   CASE WHEN hh < 70 THEN 0 WHEN hh < 82 THEN 1 + kids %% 3 ELSE kids %% 3 END,
                   GREATEST((registered - make_interval(years => 3 + {h("n", "y", 12)}))::date,
                            (%(today)s::date - make_interval(years => age - 18))::date),
                   'klantmanager', registered, 32,
                   (ARRAY['licht', 'middel', 'zwaar'])[1 + {h("n", "pc", 3)}], now(),
                   (%(wijken)s::bigint[])[1 + n %% %(n_wijken)s],
                   (%(coaches)s::bigint[])[1 + n %% %(n_coaches)s],
                   (%(teams)s::bigint[])[1 + n %% %(n_coaches)s]
            FROM people
            """,
            {
                "n": candidates,
                "wijken": self.wijken,
                "n_wijken": len(self.wijken),
                "coaches": self.coach_ids,
                "teams": self.team_ids,
                "n_coaches": len(self.coach_ids),
            },
        )
        # The candidates in creation order: the first `participants` are placed.
        self.sql(
            """
            CREATE TEMP TABLE scale_people ON COMMIT DROP AS
            SELECT id, row_number() OVER (ORDER BY id) AS n, registered_on, coach_id
            FROM candidates_candidate
            """
        )
        rows += self.sql(
            f"""
            INSERT INTO candidates_intakeconversation (version, date, duration_minutes, kind,
                topics, notes, created_at, candidate_id, coach_id)
            SELECT 1, LEAST(registered_on + 7 + {h("n", "cv", 20)}, %(today)s), 60,
                   'kennismaking', ARRAY['werk', 'inkomen'], '', now(), id, coach_id
            FROM scale_people
            """
        )
        if not ExclusionReason.objects.exists():  # the seeded list (DESIGN.md), if emptied
            for position, name in enumerate(DEFAULT_EXCLUSION_REASONS, start=1):
                ExclusionReason.objects.create(name=name, position=position * 10)
        reasons = list(ExclusionReason.objects.order_by("position").values_list("pk", flat=True))
        rows += self.sql(
            f"""
            INSERT INTO candidates_selectiondecision (outcome, exclusion_reason_id, motivation,
                decided_on, meets_guideline, guideline_explanation, created_at, candidate_id,
                decided_by_id)
            SELECT outcome, CASE WHEN outcome = 'geplaatst' THEN NULL ELSE reason END,
                   CASE WHEN outcome = 'geplaatst' THEN '' ELSE 'Motivering' END,
                   LEAST(registered_on + 35, %(today)s), TRUE, 'schaaltest', now(), id, coach_id
            FROM (
                SELECT s.*, CASE
                    WHEN n <= %(p)s THEN 'geplaatst'
                    WHEN {h("n", "o", 100)} < 60 THEN 'afgewezen'
                    WHEN {h("n", "o", 100)} < 70 THEN 'teruggetrokken'
                    ELSE NULL END AS outcome,
                    (%(reasons)s::bigint[])[1 + {h("n", "rs", len(reasons) or 1)}] AS reason
                FROM scale_people s
            ) d
            WHERE outcome IS NOT NULL
            """,
            {"p": participants, "reasons": reasons},
        )
        return rows

    def placements(self, *, participants: int, candidates: int) -> int:
        # One in five ends: half by dropout, the others to regular work or otherwise.
        return self.sql(
            f"""
            INSERT INTO placements_placement (start_date, end_date, end_reason, created_at,
                candidate_id, employer_id, primary_wijk_id)
            SELECT start, CASE WHEN ended THEN LEAST(start + 200 + {h("n", "e", 900)},
                                                     %(today)s::date - 1) END,
                   CASE WHEN NOT ended THEN ''
                        WHEN {h("n", "er", 2)} = 0 THEN 'uitval' ELSE 'regulier' END,
                   now(), s.id, %(employer)s, c.home_wijk_id
            FROM (
                SELECT s.*, LEAST(s.registered_on + 49, %(today)s::date - 1) AS start,
                       {h("s.n", "end", 5)} = 0
                       AND LEAST(s.registered_on + 49, %(today)s::date - 1) + 200 < %(today)s
                       AS ended
                FROM scale_people s WHERE s.n <= %(p)s
            ) s
            JOIN candidates_candidate c ON c.id = s.id
            """,
            {"p": participants, "employer": self.employer_id},
        )

    def contracts(self, *, participants: int, candidates: int) -> int:
        # A fixed-term year, a renewal, then indefinite; each within the placement and
        # starting by today. Hours at the contract's start; one in five first contracts
        # gets an increase to 32 hours after four months (an addendum).
        rows = self.sql(
            """
            INSERT INTO placements_contract (kind, start_date, end_date, created_at, placement_id)
            SELECT c.kind, c.start_date,
                   CASE WHEN c.kind = 'bepaald' THEN LEAST(c.end_date, p.end_date)
                        ELSE p.end_date END,
                   now(), p.id
            FROM placements_placement p
            CROSS JOIN LATERAL (VALUES
                ('bepaald', p.start_date, p.start_date + 364),
                ('bepaald', p.start_date + 365, p.start_date + 729),
                ('onbepaald', p.start_date + 730, NULL::date)
            ) AS c(kind, start_date, end_date)
            WHERE c.start_date <= LEAST(COALESCE(p.end_date, %(today)s), %(today)s)
            """
        )
        rows += self.sql(
            f"""
            INSERT INTO placements_contracthours (valid_from, hours_per_week, contract_id)
            SELECT c.start_date,
                   CASE WHEN {h("c.placement_id", "hrs", 10)} < 7 THEN 32
                        WHEN {h("c.placement_id", "hrs", 10)} < 9 THEN 28 ELSE 24 END,
                   c.id
            FROM placements_contract c
            """
        )
        rows += self.sql(
            f"""
            INSERT INTO placements_contracthours (valid_from, hours_per_week, contract_id)
            SELECT c.start_date + 120, 32, c.id
            FROM placements_contract c
            WHERE c.start_date = (SELECT start_date FROM placements_placement WHERE id = c.placement_id)
              AND {h("c.placement_id", "add", 5)} = 0
              AND c.start_date + 120 <= LEAST(COALESCE(c.end_date, %(today)s), %(today)s)
            """
        )
        return rows

    def tasks_and_sickness(self, *, participants: int, candidates: int) -> int:
        rows = self.sql(
            """
            INSERT INTO placements_taskassignment (hours_per_week, start_date, end_date,
                placement_id, task_id)
            SELECT a.hours, p.start_date, p.end_date, p.id,
                   (%(tasks)s::bigint[])[1 + (p.id * a.stride + a.shift) %% %(n_tasks)s]
            FROM placements_placement p
            CROSS JOIN (VALUES (20, 7, 0), (12, 13, 1)) AS a(hours, stride, shift)
            """,
            {"tasks": self.task_ids, "n_tasks": len(self.task_ids)},
        )
        rows += self.sql(
            f"""
            INSERT INTO placements_sickreport (version, first_day, recovered_on, note,
                created_at, placement_id)
            SELECT 1, s.first_day,
                   CASE WHEN s.first_day + s.length <= %(today)s THEN s.first_day + s.length END,
                   '', now(), s.placement_id
            FROM (
                SELECT p.id AS placement_id,
                       p.start_date + 60 + k * 365 + {h("p.id * 31 + k", "sd", 250)} AS first_day,
                       3 + {h("p.id * 17 + k", "sl", 25)} AS length,
                       COALESCE(p.end_date, %(today)s) AS last_day
                FROM placements_placement p
                CROSS JOIN LATERAL generate_series(
                    0, ((COALESCE(p.end_date, %(today)s) - p.start_date) / 365)::int
                ) AS k
            ) s
            WHERE s.first_day < s.last_day
            """
        )
        rows += self.sql(
            f"""
            INSERT INTO placements_recoverystep (from_date, incapacity_percent, sick_report_id)
            SELECT s.first_day + 2, 50, s.id FROM placements_sickreport s
            WHERE {h("s.id", "step", 5)} = 0
              AND (s.recovered_on IS NULL OR s.first_day + 2 < s.recovered_on)
            """
        )
        return rows

    def coaching(self, *, participants: int, candidates: int) -> int:
        rows = self.sql(
            """
            INSERT INTO coaching_coachingentry (date, minutes, kind, note, source, created_at,
                candidate_id, party_id)
            SELECT w::date, 110, 'werk', '', 'week', now(), p.candidate_id,
                   (%(parties)s::bigint[])[1 + p.id %% %(n_parties)s]
            FROM placements_placement p
            CROSS JOIN LATERAL generate_series(
                date_trunc('week', p.start_date), COALESCE(p.end_date, %(today)s),
                interval '1 week'
            ) AS w
            """,
            {"parties": self.party_ids, "n_parties": len(self.party_ids)},
        )
        # The same party guides the participant for the placement (its week grid lists them).
        self.sql(
            """
            INSERT INTO coaching_partyassignment (start_date, end_date, candidate_id, party_id)
            SELECT p.start_date, p.end_date, p.candidate_id,
                   (%(parties)s::bigint[])[1 + p.id %% %(n_parties)s]
            FROM placements_placement p
            """,
            {"parties": self.party_ids, "n_parties": len(self.party_ids)},
        )
        rows += self.sql(
            """
            INSERT INTO coaching_coachingentry (date, minutes, kind, note, source, created_at,
                candidate_id, coach_id)
            SELECT m::date + 9, 170, 'inkomen', '', 'los', now(), p.candidate_id, c.coach_id
            FROM placements_placement p
            JOIN candidates_candidate c ON c.id = p.candidate_id
            CROSS JOIN LATERAL generate_series(
                p.start_date, COALESCE(p.end_date, %(today)s) - 10, interval '1 month'
            ) AS m
            """
        )
        return rows

    def wellbeing(self, *, participants: int, candidates: int) -> int:
        rows = self.sql(
            """
            INSERT INTO coaching_wellbeingmeasurement (date, note, candidate_id, measured_by_id)
            SELECT (p.start_date + make_interval(months => 6 * k))::date, '', p.candidate_id,
                   c.coach_id
            FROM placements_placement p
            JOIN candidates_candidate c ON c.id = p.candidate_id
            CROSS JOIN LATERAL generate_series(
                0, ((COALESCE(p.end_date, %(today)s) - p.start_date) / 182)::int
            ) AS k
            WHERE (p.start_date + make_interval(months => 6 * k))::date <= %(today)s
            ON CONFLICT DO NOTHING
            """
        )
        domains = list(WellbeingDomain.objects.active().values_list("pk", flat=True))
        rows += self.sql(
            f"""
            INSERT INTO coaching_wellbeingscore (score, domain_id, measurement_id)
            SELECT LEAST(5, 2 + {h("m.candidate_id + d", "ws", 2)}
                            + ((m.date - first.first_date) / 365)::int),
                   d, m.id
            FROM coaching_wellbeingmeasurement m
            JOIN (SELECT candidate_id, MIN(date) AS first_date
                    FROM coaching_wellbeingmeasurement GROUP BY candidate_id) first
                 ON first.candidate_id = m.candidate_id
            CROSS JOIN unnest(%(domains)s::bigint[]) AS d
            """,
            {"domains": domains},
        )
        # The measurements' summary rows (kept by triggers, which are off here).
        self.sql(
            f"""
            INSERT INTO {WellbeingSummary._meta.db_table}
                (measurement_id, candidate_id, date, scores)
            SELECT m.id, m.candidate_id, m.date,
                   COALESCE(jsonb_object_agg(s.domain_id::text, s.score)
                            FILTER (WHERE s.id IS NOT NULL), '{{}}'::jsonb)
            FROM coaching_wellbeingmeasurement m
            LEFT JOIN coaching_wellbeingscore s ON s.measurement_id = m.id
            GROUP BY m.id
            """
        )
        return rows
