"""Documents in a dossier (issue #13): the type comes from the content, not the name; a
size cap; downloads only after the permission check, logged, with the stored bytes;
team-only documents stay in the team; removal asks first and removes the file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from basisbaan.models import AccessAction, AccessLog
from candidates import services
from candidates.models import Document
from tests.factories import CandidateFactory, TeamFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def upload(client, person, data: bytes, name: str, **fields):
    values = {"title": "Arbeidsovereenkomst", "kind": "contract", "confidentiality": "team"}
    values |= fields
    return client.post(
        reverse("candidates:documents", args=[person.pk]),
        {**values, "upload": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_a_pdf_is_stored_listed_and_downloaded_as_it_was(coach, client_as):
    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    response = upload(client, person, PDF, "contract Jan Jansen.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert document.original_name == "contract Jan Jansen.pdf"
    assert "Jansen" not in document.file.name  # no names in the storage
    assert document.retain_until.year == document.uploaded_at.year + 7  # a contract: 7 years
    page = client.get(reverse("candidates:documents", args=[person.pk])).content.decode()
    assert "Arbeidsovereenkomst" in page
    download = client.get(reverse("candidates:document_download", args=[person.pk, document.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert AccessLog.objects.filter(
        user=coach, action=AccessAction.DOCUMENT_VIEW, subject_id=person.pk
    ).exists()


def test_the_type_comes_from_the_content_not_the_name(coach, client_as):
    """A program renamed to .pdf is refused, beside the field, with the form kept; a Word
    document is recognised by the parts inside its zip."""
    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    response = upload(client, person, b"MZ\x90\x00\x03" + b"\x00" * 100, "brief.pdf", title="Brief")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit soort bestand kan niet worden bewaard." in page
    assert 'value="Brief"' in page
    assert not Document.objects.exists()
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert upload(client, person, docx.getvalue(), "plan.docx", kind="plan").status_code == 302
    assert Document.objects.get().original_name == "plan.docx"


def test_a_file_above_the_cap_is_refused(coach, client_as, settings):
    settings.DOCUMENT_MAX_BYTES = 40
    person = CandidateFactory(coach=coach)
    response = upload(client_as(coach), person, PDF, "groot.pdf")
    assert response.status_code == 200
    assert "Het bestand is groter dan" in response.content.decode()
    assert not Document.objects.exists()


def test_team_only_documents_stay_in_the_team(coach, make_user, client_as):
    """A coach of another team who opened the dossier by break-glass sees the documents for
    the whole dossier, not the team-only ones (404, not listed)."""
    from basisbaan.roles import COACH

    outsider = make_user(COACH)
    TeamFactory(name="Team Elders").members.add(outsider)
    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    upload(client, person, PDF, "a.pdf", title="Medisch-vrij verzuimbericht", kind="verzuim")
    upload(
        client,
        person,
        PDF,
        "b.pdf",
        title="Brief aan de deelnemer",
        kind="brief",
        confidentiality="dossier",
    )
    secret = Document.objects.get(kind="verzuim")
    services.break_glass_open(user=outsider, candidate=person, reason="Collega is ziek vandaag")
    other = client_as(outsider)
    page = other.get(reverse("candidates:documents", args=[person.pk])).content.decode()
    assert "Brief aan de deelnemer" in page and "Medisch-vrij verzuimbericht" not in page
    url = reverse("candidates:document_download", args=[person.pk, secret.pk])
    assert other.get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_removing_a_document_asks_first_and_removes_the_file(
    coach, client_as, django_capture_on_commit_callbacks
):
    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    upload(client, person, PDF, "contract.pdf")
    document = Document.objects.get()
    storage, name = document.file.storage, document.file.name
    url = reverse("candidates:document_delete", args=[person.pk, document.pk])
    assert "verwijderen?" in client.get(url).content.decode()
    assert Document.objects.exists() and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        client.post(url)
    assert not Document.objects.exists()
    assert not storage.exists(name)


def test_the_documents_page_queries_do_not_grow(coach, client_as):
    """Guards the documents page against N+1: one document or six cost the same number of
    queries (the uploader's name comes with the list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = CandidateFactory(coach=coach)
    client = client_as(coach)
    url = reverse("candidates:documents", args=[person.pk])
    upload(client, person, PDF, "a.pdf")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        upload(client, person, PDF, f"{i}.pdf", title=f"Brief {i}", kind="brief")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_s3_compatible_store_holds_the_files_for_every_web_server(
    coach, client_as, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """With DOCUMENT_STORAGE_BACKEND pointing at an S3-compatible store (moto stands in for
    it: a bucket in memory that speaks the S3 protocol), an upload lands in the bucket, not
    on this server's disk, and the download reads it back from there; the object is private
    (no public-read grant) and removed with the document."""
    import boto3
    from django.core.files.storage import storages
    from moto import mock_aws

    options = {
        "bucket_name": "basisbaan-documenten",
        "region_name": "eu-west-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(
            Bucket="basisbaan-documenten",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        }
        assert type(storages["documents"]).__name__ == "S3Storage"
        # The file field takes its storage once, when the application starts (as it would
        # with the environment variables set): here it is handed the S3 one the same way.
        monkeypatch.setattr(Document._meta.get_field("file"), "storage", storages["documents"])
        person = CandidateFactory(coach=coach)
        client = client_as(coach)
        assert upload(client, person, PDF, "contract.pdf").status_code == 302
        document = Document.objects.get()
        (stored,) = s3.list_objects_v2(Bucket="basisbaan-documenten")["Contents"]
        assert stored["Key"] == document.file.name and stored["Size"] == len(PDF)
        grants = s3.get_object_acl(Bucket="basisbaan-documenten", Key=stored["Key"])["Grants"]
        assert not any("AllUsers" in g["Grantee"].get("URI", "") for g in grants)

        url = reverse("candidates:document_download", args=[person.pk, document.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("candidates:document_delete", args=[person.pk, document.pk]))
        assert s3.list_objects_v2(Bucket="basisbaan-documenten").get("KeyCount") == 0
