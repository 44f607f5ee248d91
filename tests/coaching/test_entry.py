"""Recording coaching: quick add, the week grid, timesheet import; referrals, measurements,
the contact overview."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from basisbaan.models import AccessLog
from coaching.models import CoachingEntry, GuidanceParty, Referral, WellbeingMeasurement
from coaching.timesheets import template_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(db):
    return GuidanceParty.objects.create(name="Werkpad", contact_name="Marieke", phone="050 1234567")


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)  # last week's Monday


@pytest.fixture
def caseload(make_placement, coach, monday):
    """Two participants of the coach, employed since well before last week."""
    people = []
    for _ in range(2):
        placement = make_placement(
            [
                (
                    "onbepaald",
                    monday - timedelta(days=200),
                    None,
                    [(monday - timedelta(days=200), 32)],
                )
            ]
        )
        placement.candidate.coach = coach
        placement.candidate.save()
        people.append(placement.candidate)
    return people


def grid_url(monday):
    return reverse("coaching:week") + f"?week={monday.isoformat()}"


def test_week_grid_saves_nothing_until_every_cell_is_valid(coach, client_as, caseload, monday):
    a, b = caseload
    client = client_as(coach)
    page = client.get(grid_url(monday)).content.decode()
    assert f'name="m-{a.pk}-werk"' in page and f'name="m-{b.pk}-inkomen"' in page
    data = {f"m-{a.pk}-werk": "90", f"m-{a.pk}-inkomen": "30", f"m-{b.pk}-werk": "twee uur"}
    response = client.post(grid_url(monday), data)
    body = response.content.decode()
    assert "Niets is opgeslagen" in body
    assert f'id="m-{b.pk}-werk-error"' in body
    assert 'value="90"' in body and 'value="twee uur"' in body  # everything typed comes back
    assert not CoachingEntry.objects.exists()
    client.post(grid_url(monday), {**data, f"m-{b.pk}-werk": "120"})
    assert sorted(CoachingEntry.objects.values_list("candidate_id", "kind", "minutes")) == sorted(
        [(a.pk, "werk", 90), (a.pk, "inkomen", 30), (b.pk, "werk", 120)]
    )
    # Saving the week again replaces; an emptied cell is removed.
    client.post(
        grid_url(monday), {f"m-{a.pk}-werk": "60", f"m-{a.pk}-inkomen": "", f"m-{b.pk}-werk": "120"}
    )
    assert sorted(CoachingEntry.objects.values_list("candidate_id", "kind", "minutes")) == sorted(
        [(a.pk, "werk", 60), (b.pk, "werk", 120)]
    )
    assert set(CoachingEntry.objects.values_list("coach", flat=True)) == {coach.pk}


def test_week_grid_rejects_negative_and_too_many_minutes(coach, client_as, caseload, monday):
    a, _b = caseload
    response = client_as(coach).post(
        grid_url(monday), {f"m-{a.pk}-werk": "-5", f"m-{a.pk}-overig": "2401"}
    )
    assert "2 vakken zijn niet goed ingevuld" in response.content.decode()
    assert not CoachingEntry.objects.exists()


def test_week_grid_totals_and_copying_last_week(coach, client_as, caseload, monday):
    """Last week: A 90 werk + 30 inkomen, B 60 werk. This week B already has 45 werk.
    Copying fills only the empty cells (A 90 and 30; B keeps 45) and saves nothing; the
    totals (worked out by hand) are per row A 120, B 45, per column werk 135, inkomen 30,
    all 165. Saving then stores the copied week, and the page no longer copies."""
    a, b = caseload
    client = client_as(coach)
    last = monday - timedelta(days=7)
    client.post(
        grid_url(last), {f"m-{a.pk}-werk": "90", f"m-{a.pk}-inkomen": "30", f"m-{b.pk}-werk": "60"}
    )
    client.post(grid_url(monday), {f"m-{b.pk}-werk": "45"})
    response = client.get(grid_url(monday) + "&kopieer=vorige")
    rows = {row["candidate"].pk: row for row in response.context["rows"]}
    assert [c["value"] for c in rows[a.pk]["cells"][:2]] == ["90", "30"]
    assert rows[b.pk]["cells"][0]["value"] == "45"  # this week's own value is kept
    assert (rows[a.pk]["total"], rows[b.pk]["total"]) == (120, 45)
    assert response.context["column_totals"][:2] == [135, 30]
    assert response.context["grand_total"] == 165
    assert "nog niets opgeslagen" in response.content.decode()
    assert CoachingEntry.objects.filter(date__gte=monday).count() == 1  # nothing saved yet
    saved = client.post(
        grid_url(monday) + "&kopieer=vorige",
        {f"m-{a.pk}-werk": "90", f"m-{a.pk}-inkomen": "30", f"m-{b.pk}-werk": "45"},
    )
    assert "kopieer" not in saved["Location"]
    assert CoachingEntry.objects.filter(date__gte=monday).count() == 3


def csv_file(rows, name="uren.csv"):
    text = "bsn;datum;soort;minuten;notitie\n" + "\n".join(";".join(map(str, r)) for r in rows)
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_dry_run_lists_every_error_and_saves_nothing(
    coach, client_as, caseload, party, monday
):
    a, b = caseload
    rows = [
        (a.bsn, monday.strftime("%d-%m-%Y"), "werkbegeleiding", 90, ""),
        ("123456789", monday.strftime("%d-%m-%Y"), "werkbegeleiding", 60, ""),
        (b.bsn, "31-02-2026", "knutselen", "veel", ""),
        (b.bsn, (monday - timedelta(days=400)).strftime("%d-%m-%Y"), "overig", 30, ""),
    ]
    response = client_as(coach).post(
        reverse("coaching:import"), {"party": party.pk, "file": csv_file(rows)}
    )
    body = response.content.decode()
    assert "5 fouten gevonden. Er is niets ingelezen." in body
    for row, column, message in [
        (3, "bsn", "Geen deelnemer met dit BSN."),
        (4, "datum", "Schrijf de datum als 23-11-2026."),
        (4, "soort", "Kies werkbegeleiding"),
        (4, "minuten", "Vul een heel aantal minuten in"),
        (5, "datum", "Op deze dag was de deelnemer niet in dienst."),
    ]:
        assert (
            f'<td class="utrecht-table__cell">{row}</td><td class="utrecht-table__cell">{column}</td><td class="utrecht-table__cell">{message}'
            in body
        )
    assert "regels inlezen" not in body
    assert not CoachingEntry.objects.exists()


def test_import_is_all_or_nothing_and_idempotent(coach, client_as, caseload, party, monday):
    a, b = caseload
    day = monday.strftime("%d-%m-%Y")
    rows = [
        (a.bsn, day, "werkbegeleiding", 90, "week 1"),
        (b.bsn, day, "schulden", 45, ""),
        (a.bsn, day, "werk", 30, ""),
    ]
    client = client_as(coach)
    for _ in range(2):  # the same file twice
        check = client.post(reverse("coaching:import"), {"party": party.pk, "file": csv_file(rows)})
        assert "3 regels inlezen" in check.content.decode()
        assert (
            not CoachingEntry.objects.filter(source="import")
            .exclude(minutes__in=[120, 45])
            .exists()
        )
        client.post(reverse("coaching:import"), {"confirm": "1"})
    totals = sorted(CoachingEntry.objects.values_list("candidate_id", "kind", "minutes"))
    assert totals == sorted([(a.pk, "werk", 120), (b.pk, "schulden", 45)])  # not doubled
    assert set(CoachingEntry.objects.values_list("party", flat=True)) == {party.pk}


def test_import_accepts_the_xlsx_template_format(coach, client_as, caseload, party, monday):
    a, _b = caseload
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["bsn", "datum", "soort", "minuten"])
    sheet.append([a.bsn, monday, "inkomen en welzijn", 75])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("uren.xlsx", buffer.getvalue())
    client = client_as(coach)
    assert (
        "1 regel inlezen"
        in client.post(
            reverse("coaching:import"), {"party": party.pk, "file": upload}
        ).content.decode()
    )
    client.post(reverse("coaching:import"), {"confirm": "1"})
    assert CoachingEntry.objects.get().minutes == 75
    template = client.get(reverse("coaching:import_template"))

    def cells(content: bytes) -> list[list[tuple]]:
        # The cells, not the bytes: the file's creation time is inside it.
        book = load_workbook(io.BytesIO(content))
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]

    assert cells(template.content) == cells(template_workbook())


def test_unreadable_or_headerless_files(coach, client_as, party):
    client = client_as(coach)
    bad = client.post(
        reverse("coaching:import"),
        {"party": party.pk, "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert "Dit is geen geldig XLSX-bestand." in bad.content.decode()
    wrong = client.post(
        reverse("coaching:import"),
        {"party": party.pk, "file": SimpleUploadedFile("x.csv", b"naam;uren\nA;3")},
    )
    assert "Deze kolommen ontbreken in de eerste rij." in wrong.content.decode()


def test_quick_add_on_the_dossier(coach, client_as, caseload):
    a, _b = caseload
    client = client_as(coach)
    response = client.post(
        reverse("coaching:entry_add", args=[a.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "minutes": "45",
            "kind": "inkomen",
            "note": "Toeslagen",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="coaching-section">')
    assert "De begeleiding is vastgelegd." in body
    assert "Begeleiding de laatste 13 weken: 45 minuten." in body
    bad = client.post(
        reverse("coaching:entry_add", args=[a.pk]),
        {"date": "", "minutes": "0", "kind": "inkomen"},
        headers={"HX-Request": "true"},
    )
    assert 'id="id_minutes_error"' in bad.content.decode()
    assert CoachingEntry.objects.count() == 1
    assert AccessLog.objects.filter(action="coaching_view").count() == 0  # adding is not viewing
    client.get(reverse("coaching:person", args=[a.pk]))
    assert AccessLog.objects.filter(action="coaching_view", subject_id=a.pk).count() == 1


def test_referral_and_measurement(coach, client_as, caseload):
    a, _b = caseload
    client = client_as(coach)
    client.post(
        reverse("coaching:referral_add", args=[a.pk]),
        {
            "kind": "gkb",
            "date": timezone.localdate().isoformat(),
            "outcome": "open",
            "contact": "GKB: 050 367 00 00",
        },
    )
    referral = Referral.objects.get()
    client.post(
        reverse("coaching:referral_update", args=[referral.pk]),
        {"outcome": "gestart", "contact": referral.contact, "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.outcome == "gestart"
    from coaching.models import WellbeingDomain

    domains = list(WellbeingDomain.objects.active())
    data = {"date": timezone.localdate().isoformat(), **{f"domain_{d.pk}": "3" for d in domains}}
    missing = client.post(
        reverse("coaching:measurement_add", args=[a.pk]), {**data, f"domain_{domains[0].pk}": "7"}
    )
    assert f'id="id_domain_{domains[0].pk}_error"' in missing.content.decode()
    assert not WellbeingMeasurement.objects.exists()
    client.post(reverse("coaching:measurement_add", args=[a.pk]), data)
    assert WellbeingMeasurement.objects.get().scores.count() == len(domains)
    due = client.get(reverse("coaching:measurements_due")).content.decode()
    assert a.full_name not in due  # measured today: next one in six months


def test_contact_overview_in_plain_dutch_and_as_pdf(coach, client_as, caseload, party):
    a, _b = caseload
    CoachingEntry.objects.create(
        candidate=a, date=timezone.localdate(), minutes=60, kind="werk", party=party
    )
    Referral.objects.create(
        candidate=a,
        kind="gkb",
        date=timezone.localdate(),
        outcome="gestart",
        contact="GKB: 050 367 00 00",
        referred_by=coach,
    )
    client = client_as(coach)
    page = client.get(reverse("coaching:contact", args=[a.pk])).content.decode()
    for text in [
        "wie helpt u waarmee?",
        "Werkpad",
        "Marieke, 050 1234567",
        coach.full_name,
        "GKB: 050 367 00 00",
        "Thermiek BV",
    ]:
        assert text in page, text
    pdf = client.get(reverse("coaching:contact", args=[a.pk]), {"formaat": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "wie helpt u waarmee?" in text and "Werkpad" in text and "Schulden" in text


def test_dashboard_for_executive_staff_has_no_names(
    executive_staff, client_as, caseload, party, monday
):
    a, _b = caseload
    CoachingEntry.objects.create(candidate=a, date=monday, minutes=600, kind="werk", party=party)
    body = client_as(executive_staff).get(reverse("coaching:dashboard")).content.decode()
    assert "Gemiddeld" in body
    assert "Signaal: veel begeleiding" not in body
    assert a.last_name not in body


def test_dashboard_figures_are_kept_a_few_minutes_and_recomputed_on_request(
    executive_staff, client_as, caseload, party, monday, settings
):
    """With the figure cache on, a second look shows the figures computed the first time
    (and says when); "Nu opnieuw berekenen" computes them again with the new entry."""
    import re

    from django.core.cache import cache

    settings.FIGURE_CACHE_SECONDS = 300
    cache.clear()
    a, _b = caseload
    client = client_as(executive_staff)

    def lead(**extra) -> str:
        body = client.get(reverse("coaching:dashboard"), extra).content.decode()
        assert "Cijfers berekend op" in body
        return re.search(r"Gemiddeld [0-9,]+ uur per week", body).group(0)

    first = lead()
    CoachingEntry.objects.create(candidate=a, date=monday, minutes=900, kind="werk", party=party)
    assert lead() == first
    assert lead(ververs="1") != first
    cache.clear()


def test_coaching_before_placement_is_on_the_dossier_too(coach, client_as):
    """A candidate still in the intake can get coaching; the dossier loads the section."""
    from tests.factories import CandidateFactory

    candidate = CandidateFactory(coach=coach)
    dossier = (
        client_as(coach).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    )
    assert reverse("coaching:person", args=[candidate.pk]) in dossier
    client_as(coach).post(
        reverse("coaching:entry_add", args=[candidate.pk]),
        {"date": timezone.localdate().isoformat(), "minutes": "30", "kind": "inkomen"},
    )
    assert CoachingEntry.objects.get().candidate == candidate


def test_a_stale_referral_edit_is_refused(coach, client_as, caseload):
    """Two coaches edit one referral's outcome: the second save is refused, the first stays."""
    from coaching.models import Referral

    referral = Referral.objects.create(
        candidate=caseload[0], kind="gkb", date=date(2026, 1, 5), referred_by=coach
    )
    url = reverse("coaching:referral_update", args=[referral.pk])
    client = client_as(coach)
    first = client.post(url, {"outcome": "gestart", "contact": "", "version": 1})
    assert first.status_code == 302
    second = client.post(url, {"outcome": "afgerond", "contact": "", "version": 1})
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    referral.refresh_from_db()
    assert (referral.outcome, referral.version) == ("gestart", 2)
