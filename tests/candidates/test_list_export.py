"""The candidate list (filters, search by POST, sorting, pagination), exports and the access log."""

import csv
import io
from datetime import date

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from basisbaan.exports import HEADER_ROW
from basisbaan.models import AccessLog
from basisbaan.roles import COACH
from tests.factories import CandidateFactory, ConversationFactory, WijkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseloads(coach, make_user):
    other = make_user(COACH, full_name="Olga Ander")
    beijum = WijkFactory(name="Beijum")
    mine = [
        CandidateFactory(last_name="Aalders", coach=coach, home_wijk=beijum),
        CandidateFactory(last_name="Bos", coach=coach, on_assistance_since=date(2025, 6, 1)),
    ]
    theirs = [CandidateFactory(last_name="Claassen", coach=other)]
    nobody = [CandidateFactory(last_name="Dekker", coach=None)]
    ConversationFactory(candidate=mine[0], coach=coach, date=date(2026, 1, 5))
    return {"mine": mine, "theirs": theirs, "nobody": nobody, "other": other, "beijum": beijum}


def names(response) -> list[str]:
    body = response.content.decode()
    return [n for n in ["Aalders", "Bos", "Claassen", "Dekker"] if f">{n}," in body]


def test_a_coach_starts_on_their_own_caseload(coach, client_as, caseloads):
    assert names(client_as(coach).get(reverse("candidates:list"))) == ["Aalders", "Bos"]


def test_filters(coach, client_as, caseloads):
    client = client_as(coach)
    url = reverse("candidates:list")
    assert names(client.get(url, {"coach": "alle"})) == ["Aalders", "Bos", "Claassen", "Dekker"]
    assert names(client.get(url, {"coach": "geen"})) == ["Dekker"]
    assert names(client.get(url, {"coach": str(caseloads["other"].pk)})) == ["Claassen"]
    assert names(client.get(url, {"coach": "alle", "status": "in_gesprek"})) == ["Aalders"]
    assert names(client.get(url, {"coach": "alle", "wijk": caseloads["beijum"].pk})) == ["Aalders"]
    assert names(client.get(url, {"coach": "mij", "richtlijn": "nee"})) == ["Bos"]
    assert names(client.get(url, {"coach": "mij", "richtlijn": "ja"})) == ["Aalders"]


def test_sorting_descending(coach, client_as, caseloads):
    response = client_as(coach).get(
        reverse("candidates:list"), {"coach": "alle", "sorteer": "-naam"}
    )
    body = response.content.decode()
    assert body.index("Dekker,") < body.index("Aalders,")


def test_htmx_filter_change_returns_only_the_results(coach, client_as, caseloads):
    response = client_as(coach).get(
        reverse("candidates:list"), {"coach": "alle"}, headers={"HX-Request": "true"}
    )
    assert response.content.decode().lstrip().startswith('<div id="results"')


def test_search_by_name_and_exact_bsn_is_posted_and_spans_all_caseloads(
    coach, client_as, caseloads
):
    client = client_as(coach)
    url = reverse("candidates:list")
    assert names(client.post(url, {"zoek": "claas"})) == ["Claassen"]
    bsn = caseloads["nobody"][0].bsn
    assert names(client.post(url, {"bsn": bsn})) == ["Dekker"]
    other_digit = str((int(bsn[8]) + 1) % 10)  # a different BSN, whatever the last digit
    assert names(client.post(url, {"bsn": bsn[:8] + other_digit})) == []
    short = client.post(url, {"bsn": "1234"})
    assert "Een BSN heeft 9 cijfers." in short.content.decode()


def test_pagination_keeps_the_filters(coach, client_as):
    for i in range(30):
        CandidateFactory(last_name=f"Kandidaat{i:02d}", coach=coach)
    body = client_as(coach).get(reverse("candidates:list"), {"coach": "mij"}).content.decode()
    assert "Pagina 1 van 2" in body
    assert "coach=mij&amp;pagina=2" in body


def test_empty_state(coach, client_as):
    body = client_as(coach).get(reverse("candidates:list")).content.decode()
    assert "Er zijn geen kandidaten met deze filters." in body


def test_export_xlsx_with_the_active_filters_is_logged(coach, client_as, caseloads):
    response = client_as(coach).get(
        reverse("candidates:export"),
        {"coach": "alle", "wijk": caseloads["beijum"].pk, "formaat": "xlsx"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)[HEADER_ROW - 1 :]  # below the title rows
    assert rows[0][:3] == ("Nummer", "Voornaam", "Achternaam")
    assert [r[2] for r in rows[1:]] == ["Aalders"]
    assert caseloads["mine"][0].bsn not in str(rows)  # no BSN in an export
    # One row per exported person, with the purpose; no name or BSN in the detail.
    entry = AccessLog.objects.get(action="export")
    assert (entry.user, entry.subject_type, entry.subject_id) == (
        coach,
        "candidate",
        caseloads["mine"][0].pk,
    )
    assert (entry.purpose, entry.detail) == ("export", "XLSX, 1 kandidaten")


def test_export_csv(coach, client_as, caseloads):
    response = client_as(coach).get(reverse("candidates:export"), {"formaat": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["Aalders", "Bos"]
    assert AccessLog.objects.filter(action="export").count() == 2  # one per person


def test_viewing_a_dossier_is_logged_by_internal_id(coach, client_as, caseloads):
    candidate = caseloads["mine"][0]
    client_as(coach).get(reverse("candidates:detail", args=[candidate.pk]))
    entry = AccessLog.objects.get()
    assert (entry.action, entry.subject_type, entry.subject_id) == (
        "dossier_view",
        "candidate",
        candidate.pk,
    )
    assert candidate.last_name not in entry.detail


def test_the_access_log_cannot_be_changed_or_deleted_in_the_database(coach, client_as, caseloads):
    client_as(coach).get(reverse("candidates:detail", args=[caseloads["mine"][0].pk]))
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.update(detail="weggepoetst")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


def test_functional_admin_reads_the_access_log_filtered(
    coach, functional_admin, client_as, caseloads
):
    client = client_as(coach)
    first, second = caseloads["mine"]
    client.get(reverse("candidates:detail", args=[first.pk]))
    client.get(reverse("candidates:detail", args=[second.pk]))
    admin = client_as(functional_admin)
    body = admin.get(
        reverse("access_log"), {"nummer": first.pk, "soort": "candidate"}
    ).content.decode()
    assert "1 regel" in body
    body = admin.get(reverse("access_log"), {"gebruiker": coach.pk}).content.decode()
    assert "2 regels" in body
    # what was done and why, in words; the filter offers the account by name, chosen
    assert body.count("dossier bekeken") == 2
    assert body.count("uitvoering van de begeleiding") == 2
    assert f'<option value="{coach.pk}" selected>{escape(coach.full_name)}</option>' in body
    # an account that does not exist is refused beside the field, and nothing is filtered
    body = admin.get(reverse("access_log"), {"gebruiker": 10**9}).content.decode()
    assert "utrecht-form-field--invalid" in body and "2 regels" in body
