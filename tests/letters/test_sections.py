"""Free sections of a council letter: the staff add, move and remove their own sections;
the standard sections (with the figures) always stay, in their order."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from basisbaan.letters import services
from basisbaan.letters.models import SECTION_KEYS, CouncilLetter

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(executive_staff):
    return CouncilLetter.objects.create(
        year=2026,
        quarter=1,
        subject="Voortgang basisbanen",
        addressee="Aan de raad",
        letter_date=date(2026, 4, 1),
        created_by=executive_staff,
        sections=dict.fromkeys(SECTION_KEYS, ""),
    )


def keys(letter) -> list[str]:
    letter.refresh_from_db()
    return [key for key, _title, _free in letter.outline()]


def test_a_free_section_is_added_where_asked_moved_and_removed(letter):
    key = services.letter_section_add(
        letter=letter, expected_version=letter.version, title="Project in Selwerd", after="jobs"
    )
    assert key == "vrij-1"
    order = keys(letter)
    assert order[order.index("jobs") + 1] == "vrij-1"
    assert [k for k in order if k != "vrij-1"] == SECTION_KEYS  # the standard order stays
    services.letter_section_move(letter=letter, expected_version=letter.version, key=key, up=False)
    order = keys(letter)
    assert order.index("vrij-1") == order.index("selection") + 1
    services.letter_section_save(
        letter=letter, expected_version=letter.version, key=key, text="Het park is schoon."
    )
    letter.refresh_from_db()
    assert letter.sections[key] == "Het park is schoon."
    services.letter_section_remove(letter=letter, expected_version=letter.version, key=key)
    assert keys(letter) == SECTION_KEYS
    assert key not in letter.sections and letter.free_sections == {}


def test_standard_sections_cannot_be_moved_or_removed_and_bad_titles_are_refused(letter):
    with pytest.raises(ValidationError):
        services.letter_section_remove(letter=letter, expected_version=letter.version, key="jobs")
    with pytest.raises(ValidationError):
        services.letter_section_move(
            letter=letter, expected_version=letter.version, key="jobs", up=True
        )
    for title, after in [("  ", "jobs"), ("Financiën", "jobs"), ("Nieuw", "bestaat-niet")]:
        with pytest.raises(ValidationError):
            services.letter_section_add(
                letter=letter, expected_version=letter.version, title=title, after=after
            )
    assert keys(letter) == SECTION_KEYS


def test_the_first_section_cannot_move_further_up(letter):
    key = services.letter_section_add(
        letter=letter, expected_version=letter.version, title="Vooraf", after="opening"
    )
    services.letter_section_move(letter=letter, expected_version=letter.version, key=key, up=True)
    assert keys(letter)[0] == key
    with pytest.raises(ValidationError):
        services.letter_section_move(
            letter=letter, expected_version=letter.version, key=key, up=True
        )


def test_the_pages_add_and_confirm_removal(letter, executive_staff, client_as):
    """A refused title comes back beside the field with the form filled in; removal asks
    first; a final letter's sections cannot be changed."""
    client = client_as(executive_staff)
    url = reverse("letters:section_add", args=[letter.pk])
    refused = client.post(url, {"title": "", "after": "jobs"})
    assert refused.status_code == 200
    assert "Dit veld is verplicht." in refused.content.decode()
    added = client.post(url, {"title": "Project in Selwerd", "after": "jobs"})
    assert added.status_code == 302 and "vrij-1" in keys(letter)
    remove = reverse("letters:section_remove", args=[letter.pk, "vrij-1"])
    page = client.get(remove)
    assert "“Project in Selwerd” verwijderen?" in page.content.decode()
    assert "vrij-1" in keys(letter)  # asking is not removing
    client.post(remove)
    assert "vrij-1" not in keys(letter)
    assert (
        client.get(reverse("letters:section_remove", args=[letter.pk, "jobs"])).status_code == 404
    )
    CouncilLetter.objects.filter(pk=letter.pk).update(
        status="definitief", figures={}, pdf=b"x", pdf_sha256="x"
    )
    assert client.post(url, {"title": "Laat", "after": "jobs"}).status_code == 403
