"""Registering and editing candidates: every validation path, BSN rules, lost updates."""

from datetime import date

import pytest
from django.urls import reverse

from basisbaan.models import TaskType
from candidates.models import Candidate, PriorInstrument
from tests.factories import CandidateFactory, WijkFactory, default_team, valid_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture
def wijk():
    return WijkFactory(name="Beijum")


@pytest.fixture
def valid_data(wijk, coach):
    task_type = TaskType.objects.create(name="Zwerfafval opruimen")
    return {
        "bsn": "111222333",
        "first_name": "Anna",
        "last_name": "de Vries",
        "date_of_birth": "1968-04-02",
        "gender": "vrouw",
        "household": "alleenstaand",
        "number_of_children": "0",
        "home_wijk": str(wijk.pk),
        "on_assistance_since": "2018-03-01",
        "referral_source": "wijkteam",
        "coach": str(coach.pk),
        "team": str(default_team().pk),
        "registered_on": "2026-01-10",
        "preferred_task_types": [str(task_type.pk)],
        "available_hours": "32",
        "physical_capacity": "licht",
        "wijken_within_reach": [str(wijk.pk)],
    }


def post(client, data, url=None):
    return client.post(url or reverse("candidates:create"), data)


def test_coach_registers_a_candidate(coach, client_as, valid_data):
    response = post(client_as(coach), valid_data)
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:detail", args=[candidate.pk])
    assert candidate.bsn == "111222333"
    assert candidate.coach == coach
    assert [t.name for t in candidate.preferred_task_types.all()] == ["Zwerfafval opruimen"]
    assert "111222333" not in response["Location"]


def test_bsn_with_spaces_or_dots_is_accepted(coach, client_as, valid_data):
    post(client_as(coach), {**valid_data, "bsn": "1112.22.333"})
    assert Candidate.objects.get().bsn == "111222333"


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("111222334", "Dit is geen geldig BSN"),  # fails the elfproef
        ("12345678", "Dit is geen geldig BSN"),  # eight digits
        ("", "Dit veld is verplicht."),
    ],
)
def test_invalid_bsn_is_refused_beside_the_field(bsn, message, coach, client_as, valid_data):
    response = post(client_as(coach), {**valid_data, "bsn": bsn})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_bsn_error"' in body and message in body
    assert 'value="de Vries"' in body  # the rest of the form comes back filled in
    assert not Candidate.objects.exists()


def test_existing_bsn_is_refused_without_revealing_the_other_person(coach, client_as, valid_data):
    CandidateFactory(bsn="111222333", first_name="Geheim", last_name="Persoon")
    response = post(client_as(coach), valid_data)
    body = response.content.decode()
    assert "Dit BSN is al geregistreerd." in body
    assert "Geheim" not in body and "Persoon" not in body
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Dit veld is verplicht."),
        ({"date_of_birth": "2020-01-01"}, "date_of_birth", "minstens 16 jaar"),
        ({"date_of_birth": "gisteren"}, "date_of_birth", "Voer een geldige datum in."),
        ({"on_assistance_since": "1975-01-01"}, "on_assistance_since", "16e levensjaar"),
        ({"household": "alleenstaande_ouder"}, "number_of_children", "minstens één kind"),
        ({"number_of_children": "-1"}, "number_of_children", "minstens 0"),
        ({"available_hours": "41"}, "available_hours", "hoogstens 40"),
        ({"available_hours": "0"}, "available_hours", "minstens 1"),
        ({"gender": "onbekend"}, "gender", "Selecteer een geldige keuze"),
        ({"home_wijk": ""}, "home_wijk", "Dit veld is verplicht."),
        ({"physical_capacity": ""}, "physical_capacity", "Dit veld is verplicht."),
    ],
)
def test_validation_paths(changes, field, message, coach, client_as, valid_data):
    response = post(client_as(coach), {**valid_data, **changes})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body, body[body.find("error-message") - 200 :][:600]
    assert message in body
    assert not Candidate.objects.exists()


def test_a_stale_edit_is_refused_and_keeps_the_typed_values(coach, client_as, valid_data):
    client = client_as(coach)
    post(client, valid_data)
    candidate = Candidate.objects.get()
    url = reverse("candidates:update", args=[candidate.pk])
    first = post(client, {**valid_data, "last_name": "Jansen", "version": "1"}, url)
    assert first.status_code == 302
    second = post(client, {**valid_data, "last_name": "Bakker", "version": "1"}, url)
    body = second.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert 'value="Bakker"' in body
    candidate.refresh_from_db()
    assert (candidate.last_name, candidate.version) == ("Jansen", 2)


def test_prior_instrument_add_and_delete_with_confirmation(coach, client_as):
    candidate = CandidateFactory()
    client = client_as(coach)
    url = reverse("candidates:instrument_create", args=[candidate.pk])
    bad = client.post(
        url, {"kind": "participatiebaan", "start_date": "2022-05-01", "end_date": "2022-01-01"}
    )
    assert "De einddatum ligt vóór de begindatum." in bad.content.decode()
    assert not PriorInstrument.objects.exists()
    client.post(
        url,
        {
            "kind": "participatiebaan",
            "start_date": "2021-05-01",
            "end_date": "2022-05-01",
            "led_to_paid_work": "on",
        },
    )
    instrument = PriorInstrument.objects.get()
    assert instrument.led_to_paid_work
    delete_url = reverse("candidates:instrument_delete", args=[candidate.pk, instrument.pk])
    confirm = client.get(delete_url)
    assert "Instrument verwijderen?" in confirm.content.decode()
    assert PriorInstrument.objects.exists()
    client.post(delete_url)
    assert not PriorInstrument.objects.exists()


def test_dossier_states_the_guideline_in_words(coach, client_as):
    from candidates.selectors import candidate_guideline

    candidate = CandidateFactory(on_assistance_since=date(2015, 1, 1))
    body = client_as(coach).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    expected = candidate_guideline(Candidate.objects.prefetch_related("prior_instruments").get())
    assert "Voldoet aan de richtlijn." in body
    assert expected.duration_text in body
    assert "eerdere inzet leidde niet tot betaald werk" in body


def test_the_bsn_is_never_in_a_title_or_url(coach, client_as):
    candidate = CandidateFactory(bsn=valid_bsn(7))
    body = client_as(coach).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert candidate.bsn not in title
    assert candidate.last_name not in title
    hrefs = [part.split('"')[0] for part in body.split('href="')[1:]]
    assert not [h for h in hrefs if candidate.bsn in h]
