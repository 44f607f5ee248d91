"""Two people saving at the same moment: one wins, the other gets a Dutch field message;
never a 500, and never a log line naming the values (DETAIL: Key (bsn)=(...))."""

import logging
import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection
from django.test import Client, RequestFactory

from basisbaan.logging import PersonalDataFilter, scrub
from basisbaan.middleware import ConflictMiddleware
from candidates.models import Candidate
from tests.factories import WijkFactory, default_team, valid_bsn
from tests.placements.conftest import employer, make_placement  # noqa: F401, F811 - shared fixtures

RACERS = 6


def race(work, n: int = RACERS) -> list:
    """Run `work(i)` in n threads released at the same moment; each its own connection."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each racer got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_registering_one_bsn_at_once_gives_one_candidate_and_field_messages(coach):
    """Before issue #10, 48 of 50 such races ended in a 500 with the BSN in the log."""
    wijk = WijkFactory()
    team = default_team()
    bsn = valid_bsn(999)
    clients = []
    for _ in range(RACERS):
        client = Client()
        client.force_login(coach)
        clients.append(client)
    data = {
        "bsn": bsn,
        "first_name": "Anna",
        "last_name": "de Vries",
        "date_of_birth": "1968-04-02",
        "gender": "vrouw",
        "household": "alleenstaand",
        "number_of_children": "0",
        "home_wijk": str(wijk.pk),
        "on_assistance_since": "2018-03-01",
        "referral_source": "wijkteam",
        "team": str(team.pk),
        "registered_on": "2026-01-10",
        "available_hours": "32",
        "physical_capacity": "licht",
    }
    responses = race(lambda i: clients[i].post("/kandidaten/nieuw/", data))
    assert all(not isinstance(r, Exception) for r in responses), responses
    codes = sorted(r.status_code for r in responses)
    assert codes.count(302) == 1 and codes.count(200) == RACERS - 1, codes
    assert Candidate.objects.filter(bsn=bsn).count() == 1
    for response in responses:
        if response.status_code == 200:
            body = response.content.decode()
            assert "Dit BSN is al geregistreerd" in body or "bestaat al" in body
            assert 'value="Anna"' in body  # the form comes back filled in


@pytest.mark.django_db(transaction=True)
def test_two_renewals_of_one_contract_at_once(make_placement):  # noqa: F811
    from django.core.exceptions import ValidationError

    from placements import services
    from placements.models import Contract

    placement = make_placement(
        [("bepaald", date(2026, 1, 1), date(2026, 6, 30), [(date(2026, 1, 1), 32)])]
    )

    def renew(i: int):
        return services.contract_renew(
            placement=placement, start_date=date(2026, 7, 1), end_date=date(2026, 12, 31)
        )

    results = race(renew)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == RACERS - 1
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert Contract.objects.filter(placement=placement).count() == 2


def test_the_log_filter_drops_database_details_and_nine_digit_numbers():
    text = (
        'duplicate key value violates unique constraint "candidates_candidate_bsn_key"\n'
        "DETAIL:  Key (bsn)=(123456782) already exists.\n"
        "CONTEXT:  notitie: schulden bij de Belastingdienst\n"
        "BSN 111222333 in a message"
    )
    cleaned = scrub(text)
    assert "123456782" not in cleaned and "111222333" not in cleaned
    assert "Belastingdienst" not in cleaned
    assert "candidates_candidate_bsn_key" in cleaned  # the constraint name stays: it helps
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bsn %s", ("123456782",), None)
    try:
        raise IntegrityError("DETAIL:  Key (bsn)=(123456782) already exists.")
    except IntegrityError:
        import sys

        record.exc_info = sys.exc_info()
    PersonalDataFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "123456782" not in formatted


def test_every_configured_handler_carries_the_filter(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name


@pytest.mark.django_db
def test_a_stray_integrity_error_is_a_dutch_409_not_a_500(coach):
    request = RequestFactory().post("/kandidaten/nieuw/")
    request.user = coach
    response = ConflictMiddleware(lambda r: None).process_exception(
        request, IntegrityError("DETAIL: Key (bsn)=(123456782) already exists.")
    )
    assert response.status_code == 409
    assert "Niet opgeslagen" in response.content.decode()
    assert "123456782" not in response.content.decode()
