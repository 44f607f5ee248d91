"""Speed of every page on the database at hand, as ratios against a trivial view.

    manage.py bench [--repeat 20] [--json bench.json]      (make bench)

Each page is requested `--repeat` times, in-process through the whole middleware stack, as
a user of a role allowed to see it (bench users are made once, one per role; the coach is
in every team). The trivial view (/healthz: one SELECT 1) is measured in the same run, so
the ratio p95 / trivial p95 is comparable between runs on a shared, noisy machine. Also
`letter_figures` for the last full quarter and the rendering of its PDF. The first request
of each page is reported too ("first ms": cold template and query caches). Then the
throughput of the candidate list and dossier with `--clients` (4) concurrent clients, as a
share of the trivial view's throughput measured the same way. Printed as a table and
written as JSON. `--only` limits the pages (substrings of "name (role)"). Not part of
`make test`: it measures, it does not judge.
"""

import json
import statistics
import threading
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from basisbaan.dates import quarter_bounds
from basisbaan.models import Team, User
from basisbaan.roles import COACH, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH, POLICY_ADMIN

# (url name, role, what the kwargs are built from)
PAGES = [
    ("home", COACH, None),
    ("home", EXECUTIVE_STAFF, None),
    ("candidates:list", COACH, None),
    ("candidates:detail", COACH, "candidate"),
    ("candidates:funnel", EXECUTIVE_STAFF, None),
    ("placements:list", COACH, None),
    ("placements:detail", COACH, "placement"),
    ("placements:contracts_ending", COACH, None),
    ("placements:sick_reports", COACH, None),
    ("placements:overview", EXECUTIVE_STAFF, None),
    ("placements:matching", COACH, "candidate_pk"),
    ("tasks:list", POLICY_ADMIN, None),
    ("wijk_list", POLICY_ADMIN, None),
    ("coaching:dashboard", EXECUTIVE_STAFF, None),
    ("coaching:week", COACH, None),
    ("coaching:measurements_due", COACH, None),
    ("coaching:person", COACH, "candidate_pk"),
    ("plan:detail", COACH, "candidate_pk"),
    ("candidates:documents", COACH, "candidate"),
    ("coaching:party_home", PARTY_COACH, None),
    ("coaching:party_week", PARTY_COACH, None),
    ("finance:overview", EXECUTIVE_STAFF, None),
    ("letters:list", EXECUTIVE_STAFF, None),
    ("user_list", FUNCTIONAL_ADMIN, None),
    ("access_log", FUNCTIONAL_ADMIN, None),
    ("workbook:start", POLICY_ADMIN, None),
    ("workbook:template", POLICY_ADMIN, None),
]

# A coach's list shows their own caseload by default; the bench coach has none, so the list
# is asked for everyone in reach (every team): the largest list a coach can page through.
QUERIES = {"candidates:list": "?coach=alle"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Meet de snelheid van elke pagina ten opzichte van een triviale pagina."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--json", dest="json_path", default="bench.json")
        parser.add_argument("--clients", dest="concurrency", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=5.0, help="per throughput run")
        parser.add_argument("--only", action="append", default=[])
        parser.add_argument("--no-letter", action="store_true")

    def handle(
        self,
        *args,
        repeat: int,
        json_path: str,
        concurrency: int,
        seconds: float,
        only: list[str],
        no_letter: bool,
        **options,
    ) -> None:
        from candidates.models import Candidate
        from placements.models import Placement

        clients = {
            role: self.client_for(role)
            for role in (COACH, POLICY_ADMIN, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH)
        }
        placement = Placement.objects.order_by("-start_date").first()
        candidate = placement.candidate if placement else Candidate.objects.first()
        objects = {
            "candidate": {"pk": candidate.pk} if candidate else None,
            "candidate_pk": {"candidate_pk": candidate.pk} if candidate else None,
            "placement": {"pk": placement.pk} if placement else None,
        }
        results = {"trivial": self.measure(clients[COACH], reverse("healthz"), repeat)}
        for name, role, kind in PAGES:
            kwargs = objects[kind] if kind else {}
            label = f"{name} ({role})"
            if kwargs is None or (only and not any(o in label for o in only)):
                continue
            url = reverse(name, kwargs=kwargs) + QUERIES.get(name, "")
            results[label] = self.measure(clients[role], url, repeat)
        if not no_letter:
            results.update(self.letter(repeat=max(3, repeat // 5)))
        trivial = results["trivial"]["p95_ms"]
        self.stdout.write(
            f"{'page':<48} {'status':>6} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8}"
            f" {'x trivial':>10}"
        )
        for label, row in results.items():
            ratio = row["p95_ms"] / trivial if trivial else 0
            row["p95_ratio"] = round(ratio, 1)
            self.stdout.write(
                f"{label:<48} {row.get('status', ''):>6} {row.get('first_ms', 0):>9.1f}"
                f" {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {ratio:>10.1f}"
            )
        throughput = self.throughput(objects, clients=concurrency, seconds=seconds)
        if throughput:
            self.stdout.write(
                f"\n{'throughput, ' + str(concurrency) + ' concurrent clients':<48}"
                f" {'req/s':>8} {'of trivial':>11}"
            )
            for label, row in throughput.items():
                share = "" if row["share"] is None else f"{row['share']:.0%}"
                self.stdout.write(f"{label:<48} {row['per_s']:>8.1f} {share:>11}")
        payload = {
            "at": timezone.now().isoformat(),
            "repeat": repeat,
            "results": results,
            "throughput": throughput,
        }
        with open(json_path, "w") as handle:
            json.dump(payload, handle, indent=1)
        self.stdout.write(f"bench: written to {json_path}")

    def client_for(self, role: str) -> Client:
        user, created = User.objects.get_or_create(
            email=f"bench-{role.replace(' ', '-')}@bench.example",
            defaults={"full_name": f"Bench {role}"},
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.set([Group.objects.get(name=role)])
        if role == COACH:
            for team in Team.objects.all():
                team.members.add(user)
        if role == PARTY_COACH:
            from coaching.models import GuidanceParty

            party = GuidanceParty.objects.order_by("pk").first()
            if party is not None:
                party.members.add(user)
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        client.force_login(user)
        return client

    def measure(self, client: Client, url: str, repeat: int) -> dict:
        """A page: the first request (cold template and query caches), then `repeat`."""
        statuses = []
        row = self.timed(lambda: statuses.append(client.get(url).status_code), repeat)
        return {"url": url, "status": statuses[-1], **row}

    def throughput(self, objects: dict, *, clients: int, seconds: float) -> dict:
        """Requests a second with `clients` threads, each with its own client and database
        connection, for the trivial view and the coach's two busiest pages; the pages as a
        share of the trivial view (the target: at least 40 %)."""
        from django.db import connections

        targets = {
            "trivial": reverse("healthz"),
            "candidates:list": reverse("candidates:list") + QUERIES["candidates:list"],
        }
        if objects["candidate"]:
            targets["candidates:detail"] = reverse("candidates:detail", kwargs=objects["candidate"])
        coach = User.objects.get(email=f"bench-{COACH.replace(' ', '-')}@bench.example")
        rates = {}
        for label, url in targets.items():
            counts = [0] * clients
            ready = threading.Barrier(clients + 1)
            go = threading.Event()
            stop = threading.Event()

            def run(index: int, url=url, counts=counts, ready=ready, go=go, stop=stop) -> None:
                client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
                client.force_login(coach)
                try:
                    client.get(url)  # warm up, not counted
                    ready.wait()
                    go.wait()
                    while not stop.is_set():
                        client.get(url)
                        counts[index] += 1
                except Exception:
                    ready.abort()  # the main thread stops waiting and reports it
                    raise
                finally:
                    connections.close_all()

            threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
            for thread in threads:
                thread.start()
            ready.wait()  # every client warmed up
            go.set()
            time.sleep(seconds)
            stop.set()
            for thread in threads:
                thread.join()
            # Requests finished after the stop signal count; `seconds` is long next to one.
            rates[label] = sum(counts) / seconds
        trivial = rates.pop("trivial")
        result = {"trivial": {"per_s": round(trivial, 1), "share": 1.0}}
        for label, rate in rates.items():
            share = round(rate / trivial, 2) if trivial else None
            result[label] = {"per_s": round(rate, 1), "share": share}
        return result

    def letter(self, *, repeat: int) -> dict:
        from basisbaan.letters.figures import letter_figures
        from basisbaan.letters.models import CouncilLetter
        from basisbaan.letters.render import render_pdf

        start, _end = quarter_bounds(timezone.localdate())
        last_quarter_end = start - timedelta(days=1)
        year, quarter = last_quarter_end.year, (last_quarter_end.month - 1) // 3 + 1
        figures = letter_figures(year, quarter)
        letter = CouncilLetter(
            year=year,
            quarter=quarter,
            subject="Bench",
            addressee="Aan de raad",
            letter_date=date.today(),
            sections={},
        )
        return {
            "letter_figures": self.timed(lambda: letter_figures(year, quarter), repeat),
            # The first rendering loads fonts and draws the charts (then cached): "first ms".
            "letter PDF": self.timed(lambda: render_pdf(letter, figures), max(3, repeat // 2)),
        }

    def timed(self, call, repeat: int) -> dict:
        """The first call, then p50/p95 over `repeat` more."""
        started = time.perf_counter()
        call()
        first = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        return {
            "first_ms": round(first, 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
        }
