"""Speed of every page on the database at hand, as ratios against a trivial view.

    manage.py bench [--repeat 20] [--json bench.json]      (make bench)

Each page is requested `--repeat` times, in-process through the whole middleware stack, as
a user of a role allowed to see it (bench users are made once, one per role; the coach is
in every team). The trivial view (/healthz: one SELECT 1) is measured in the same run, so
the ratio p95 / trivial p95 is comparable between runs on a shared, noisy machine. Also
`letter_figures` for the last full quarter and the rendering of its PDF. The first request
of each page is reported too ("first ms": cold template and query caches). Then the
throughput of the candidate list and dossier with `--clients` (4) concurrent clients, as a
share of the trivial view's throughput measured the same way: first in this process
(threads, one interpreter lock), then served over HTTP by gunicorn with `--server-workers`
(2) processes on a loopback port, as in production. Printed as a table and
written as JSON. `--only` limits the pages (substrings of "name (role)"). Not part of
`make test`: it measures, it does not judge.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
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
        parser.add_argument(
            "--server-workers",
            type=int,
            default=2,
            help="gunicorn workers for the served throughput run (0: only in-process)",
        )
        parser.add_argument("--only", action="append", default=[])
        parser.add_argument("--no-letter", action="store_true")

    def handle(
        self,
        *args,
        repeat: int,
        json_path: str,
        concurrency: int,
        seconds: float,
        server_workers: int,
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
        self.write_rates(f"throughput, {concurrency} clients in-process", throughput)
        served = {}
        if server_workers:
            served = self.throughput_served(
                objects, clients=concurrency, seconds=seconds, workers=server_workers
            )
            self.write_rates(
                f"throughput, {concurrency} clients, gunicorn {server_workers} workers", served
            )
        payload = {
            "at": timezone.now().isoformat(),
            "repeat": repeat,
            "results": results,
            "throughput": throughput,
            "throughput_served": served,
        }
        with open(json_path, "w") as handle:
            json.dump(payload, handle, indent=1)
        self.stdout.write(f"bench: written to {json_path}")

    def write_rates(self, title: str, rates: dict) -> None:
        self.stdout.write(f"\n{title:<48} {'req/s':>8} {'of trivial':>11}")
        for label, row in rates.items():
            share = "" if row["share"] is None else f"{row['share']:.0%}"
            self.stdout.write(f"{label:<48} {row['per_s']:>8.1f} {share:>11}")

    def client_for(self, role: str) -> Client:
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        client.force_login(self.bench_user(role))
        return client

    def bench_user(self, role: str) -> User:
        """The bench's user of `role` (made on first use), in every team for a coach."""
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
        return user

    def measure(self, client: Client, url: str, repeat: int) -> dict:
        """A page: the first request (cold template and query caches), then `repeat`."""
        statuses = []
        row = self.timed(lambda: statuses.append(client.get(url).status_code), repeat)
        return {"url": url, "status": statuses[-1], **row}

    def throughput(self, objects: dict, *, clients: int, seconds: float) -> dict:
        """Requests a second with `clients` threads, each with its own test client and
        database connection, in this process (so the threads share one interpreter lock),
        for the trivial view and the coach's two busiest pages; the pages as a share of the
        trivial view (the target: at least 40 %). Also the smallest page in the
        application's layout (my settings: one small form, no personal data), to show how
        much of the share the layout itself takes."""
        coach = self.bench_user(COACH)

        def make_fetch(url: str):
            client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
            client.force_login(coach)

            def fetch() -> int:
                return client.get(url).status_code

            return fetch

        try:
            return self.rates(self.targets(objects), make_fetch, clients=clients, seconds=seconds)
        finally:
            connections.close_all()

    def throughput_served(
        self, objects: dict, *, clients: int, seconds: float, workers: int
    ) -> dict:
        """The same, served over HTTP by gunicorn with `workers` processes (as in
        production, see the Dockerfile) on a free loopback port, reading the database this
        command reads; the clients are threads here, one session each. Bounded: the server
        is stopped when the runs end or fail."""
        host = settings.ALLOWED_HOSTS[0]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        database = urlsplit(os.environ["DATABASE_URL"])._replace(
            path="/" + quote(connection.settings_dict["NAME"])
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
            "DATABASE_URL": urlunsplit(database),
        }
        command = [sys.executable, "-m", "gunicorn", "basisbaan.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        # Our own interpreter and a fixed argument list: nothing from outside is run.
        server = subprocess.Popen([*command, "--log-level", "warning"], env=env)  # noqa: S603
        coach = self.bench_user(COACH)
        # Behind a TLS proxy in production: say so, or the production settings redirect.
        headers = {"Host": host, "X-Forwarded-Proto": "https"}

        def get(url: str, cookie: str = "") -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", url, headers={**headers, "Cookie": cookie})
                response = conn.getresponse()
                response.read()
                return response.status
            finally:
                conn.close()

        def make_fetch(url: str):
            client = Client(HTTP_HOST=host)
            client.force_login(coach)
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            return lambda: get(url, cookie)

        try:
            deadline = time.monotonic() + 60
            while True:  # until the server answers
                try:
                    get(reverse("healthz"))
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise CommandError("bench: gunicorn did not start") from None
                    time.sleep(0.2)
            return self.rates(self.targets(objects), make_fetch, clients=clients, seconds=seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)

    def targets(self, objects: dict) -> dict[str, str]:
        targets = {
            "trivial": reverse("healthz"),
            "my_settings (smallest page)": reverse("my_settings"),
            "candidates:list": reverse("candidates:list") + QUERIES["candidates:list"],
        }
        if objects["candidate"]:
            targets["candidates:detail"] = reverse("candidates:detail", kwargs=objects["candidate"])
        return targets

    def rates(self, targets: dict[str, str], make_fetch, *, clients: int, seconds: float) -> dict:
        """Per target: `clients` threads request it as fast as they can for `seconds`, each
        with its own `make_fetch(url)`; requests a second, and the share of the trivial
        view's. Any answer but 200 stops the run (a bench of error pages says nothing)."""
        rates = {}
        for label, url in targets.items():
            counts = [0] * clients
            ready = threading.Barrier(clients + 1)
            go = threading.Event()
            stop = threading.Event()
            failures = []

            def run(
                index: int, url=url, counts=counts, ready=ready, go=go, stop=stop, failures=failures
            ) -> None:
                try:
                    fetch = make_fetch(url)
                    fetch()  # warm up, not counted
                    ready.wait()
                    go.wait()
                    while not stop.is_set():
                        status = fetch()
                        if status != 200:
                            raise CommandError(f"bench: {url} answered {status}")
                        counts[index] += 1
                except Exception as exc:
                    failures.append(exc)
                    ready.abort()  # the main thread stops waiting
                    stop.set()
                finally:
                    connections.close_all()

            threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
            for thread in threads:
                thread.start()
            try:
                ready.wait()  # every client warmed up
                go.set()
                stop.wait(seconds)
            except threading.BrokenBarrierError:
                pass
            stop.set()
            for thread in threads:
                thread.join()
            if failures:
                raise failures[0]
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
