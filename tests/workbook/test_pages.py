"""The import pages: who reaches them, the whole flow through the views, query counts, the
export (logged, formulas neutralised) and the removal of old uploads."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from basisbaan.models import AccessAction, AccessLog
from basisbaan.retention import purge
from basisbaan.workbook import services
from basisbaan.workbook.models import UploadStatus, WorkbookUpload
from candidates.models import Candidate
from tests.workbook.conftest import BSN

pytestmark = pytest.mark.django_db


def xlsx_of(tables: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name: str = "gemeente.xlsx"):
    return client.post(reverse("workbook:start"), {"files": [SimpleUploadedFile(name, content)]})


@pytest.mark.parametrize(
    ("fixture", "start", "export"),
    [
        ("policy_admin", 200, 403),
        ("functional_admin", 200, 200),
        ("coach", 403, 403),
        ("executive_staff", 403, 403),
        ("party_coach", 403, 403),
    ],
)
def test_only_the_admins_import_and_only_the_functional_admin_exports(
    fixture, start, export, request, client_as
):
    client = client_as(request.getfixturevalue(fixture))
    assert client.get(reverse("workbook:start")).status_code == start
    assert client.get(reverse("workbook:template")).status_code == start
    assert client.get(reverse("workbook:export")).status_code == export


def test_upload_check_and_confirm_through_the_pages(tables, reference, client_as, today):
    client = client_as(reference["policy_admin"])
    response = _upload(client, xlsx_of(tables))
    upload = WorkbookUpload.objects.get()
    assert response.url == reverse("workbook:upload", kwargs={"pk": upload.pk})
    assert upload.row_count == 25
    page = client.get(response.url).content.decode()
    assert "Controleren" in page and "Indeling koppelen" not in page

    client.post(reverse("workbook:confirm", kwargs={"pk": upload.pk}))
    assert not Candidate.objects.exists()  # not before a clean dry run

    client.post(reverse("workbook:check", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CHECKED
    page = client.get(reverse("workbook:upload", kwargs={"pk": upload.pk})).content.decode()
    assert "De werkmap is in orde" in page and "Inlezen: alles opslaan" in page
    assert not Candidate.objects.exists()

    client.post(reverse("workbook:confirm", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    assert (upload.status, upload.tables) == (UploadStatus.IMPORTED, {})
    assert Candidate.objects.count() == 4


def test_an_upload_needing_a_mapping_shows_the_forms_and_remembers_them(
    tables, reference, client_as, today
):
    tables["Kandidaten"][0][0] = "Burgerservicenummer"
    tables["Kandidaten"][1][7] = "Centrum-Oost"
    client = client_as(reference["admin"])
    upload_url = _upload(client, xlsx_of(tables)).url
    upload = WorkbookUpload.objects.get()
    page = client.get(upload_url).content.decode()
    assert "Kolom ‘Burgerservicenummer’ in blad ‘Kandidaten’ is" in page

    client.post(reverse("workbook:columns", kwargs={"pk": upload.pk}), {"column_2_0": "bsn"})
    client.post(reverse("workbook:check", kwargs={"pk": upload.pk}))
    page = client.get(upload_url).content.decode()
    assert "Onbekende wijk ‘Centrum-Oost’" in page
    assert "‘Centrum-Oost’ betekent" in page

    response = client.post(
        reverse("workbook:values", kwargs={"pk": upload.pk}), {"value_0_0": "Centrum"}
    )
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CHECKED, upload.result["problems"]
    client.post(reverse("workbook:confirm", kwargs={"pk": upload.pk}))
    assert Candidate.objects.get(bsn=BSN["A"]).home_wijk.name == "Centrum"


def test_a_bad_file_is_answered_beside_the_field(reference, client_as):
    client = client_as(reference["policy_admin"])
    response = _upload(client, b"not a zip at all")
    assert response.status_code == 200
    assert "geen geldig XLSX-bestand" in response.content.decode()
    response = _upload(client, b"x", name="gemeente.ods")
    assert "Kies XLSX- of CSV-bestanden." in response.content.decode()
    assert not WorkbookUpload.objects.exists()


def test_someone_elses_upload_is_not_found(tables, reference, client_as, make_user):
    from basisbaan.roles import POLICY_ADMIN

    upload = services.upload_store(user=reference["policy_admin"], tables=tables)
    other = client_as(make_user(POLICY_ADMIN))
    for name in ("upload", "check", "confirm", "delete"):
        url = reverse(f"workbook:{name}", kwargs={"pk": upload.pk})
        response = other.get(url) if name == "upload" else other.post(url)
        assert response.status_code == 404, name
    assert WorkbookUpload.objects.filter(pk=upload.pk).exists()


def test_page_queries_do_not_grow_with_uploads_or_rows(tables, reference, client_as):
    """Guards the start page (the user's last ten uploads, their tables not read) and an
    upload's page (one read of the upload and the mapping) against N+1 queries."""
    client = client_as(reference["policy_admin"])
    upload = services.upload_store(user=reference["policy_admin"], tables=tables)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    start = reverse("workbook:start")
    detail = reverse("workbook:upload", kwargs={"pk": upload.pk})
    few = (count(start), count(detail))
    for _ in range(12):
        services.upload_store(user=reference["policy_admin"], tables=tables)
    tables["Begeleidingsuren"] += tables["Begeleidingsuren"][1:] * 50
    upload.tables = tables
    upload.save()
    assert (count(start), count(detail)) == few
    assert few[0] <= 12 and few[1] <= 12, few


def test_the_export_is_logged_per_person_and_neutralises_formulas(
    reference, type_in, client_as, today
):
    type_in()
    Candidate.objects.filter(bsn=BSN["A"]).update(first_name="=HYPERLINK(1)")
    response = client_as(reference["admin"]).get(reverse("workbook:export"))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    names = [r[1] for r in book["Kandidaten"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names
    logged = AccessLog.objects.filter(action=AccessAction.EXPORT, user=reference["admin"])
    assert logged.count() == Candidate.objects.count() == 4

    zipped = client_as(reference["admin"]).get(reverse("workbook:export"), {"formaat": "csv"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    people = archive.read("Kandidaten.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in people and BSN["A"] in people
    assert len(archive.namelist()) == 13
    assert logged.count() == 8  # the second export logged as well


@pytest.mark.django_db(transaction=True)  # the retention job works as the owner
def test_uploads_are_removed_after_a_day(tables, reference):
    old = services.upload_store(user=reference["policy_admin"], tables=tables)
    new = services.upload_store(user=reference["policy_admin"], tables=tables)
    WorkbookUpload.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert purge(dry_run=True)["workbook_uploads"] == 1
    purge(dry_run=False)
    assert list(WorkbookUpload.objects.values_list("pk", flat=True)) == [new.pk]


def test_hostile_cells_are_reported_not_a_500(reference, client_as, today):
    """NUL bytes, 100,000 characters, impossible dates and numbers in the file itself."""
    rows = [
        "BSN;Voornaam;Achternaam;Geboortedatum;Aantal kinderen;Beschikbaar (uren per week)",
        f"{BSN['A']};A\x00na;{'x' * 100_000};31-02-2026;NaN;1e309",
        f"{BSN['B']};\u202eBram;Proef;9999-12-31;-1;{'9' * 30}",
    ]
    client = client_as(reference["policy_admin"])
    response = _upload(client, "\n".join(rows).encode(), name="Kandidaten.csv")
    upload = WorkbookUpload.objects.get()
    assert response.status_code == 302
    client.post(reverse("workbook:check", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    problems = {(p["row"], p["column"]) for p in upload.result["problems"]}
    assert {(2, "Geboortedatum"), (2, "Aantal kinderen"), (3, "Geboortedatum")} <= problems
    assert (3, "Aantal kinderen") in problems  # negative
    page = client.get(reverse("workbook:upload", kwargs={"pk": upload.pk}))
    assert page.status_code == 200
    assert not Candidate.objects.exists()


def test_a_column_cannot_be_mapped_twice(tables, reference, client_as, today):
    tables["Kandidaten"][0][1] = "Roepnaam"  # unknown; "Achternaam" is recognised
    client = client_as(reference["policy_admin"])
    upload_url = _upload(client, xlsx_of(tables)).url
    upload = WorkbookUpload.objects.get()

    response = client.post(
        reverse("workbook:columns", kwargs={"pk": upload.pk}), {"column_2_0": "last_name"}
    )

    assert response.status_code == 200
    assert "Een andere kolom van dit blad is dit al." in response.content.decode()
    client.post(reverse("workbook:columns", kwargs={"pk": upload.pk}), {"column_2_0": "first_name"})
    assert "Indeling koppelen" not in client.get(upload_url).content.decode()
