"""Browser test: a coach adds a document to a dossier (a wrong file first, refused beside
the field), sees it listed and downloads it. axe-core on the documents page."""

import pytest

from candidates.models import Document
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_a_coach_adds_a_document(page, login, axe_check, coach, tmp_path):
    person = CandidateFactory(first_name="Anna", last_name="Aalders", coach=coach)
    login(coach)
    page.goto(f"/kandidaten/{person.pk}/")
    page.get_by_role("link", name="Documenten bekijken of toevoegen").click()
    assert page.get_by_text("Er zijn nog geen documenten in dit dossier.").is_visible()
    axe_check(page)
    fake = tmp_path / "contract.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label("Bestand").set_input_files(str(fake))
    page.get_by_label("Titel").fill("Arbeidsovereenkomst")
    page.get_by_label("Soort document").select_option(label="contract")
    page.get_by_role("button", name="Bewaren").click()
    assert (
        "Dit soort bestand kan niet worden bewaard."
        in page.locator("#id_upload_error").inner_text()
    )
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.get_by_label("Titel").input_value() == "Arbeidsovereenkomst"
    axe_check(page)
    real = tmp_path / "contract.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Bestand").set_input_files(str(real))
    page.get_by_role("button", name="Bewaren").click()
    page.get_by_text("Het document is bewaard.").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Arbeidsovereenkomst", exact=True).click()
    path = tmp_path / "download.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes() == PDF
    assert Document.objects.get().title == "Arbeidsovereenkomst"
    axe_check(page)
