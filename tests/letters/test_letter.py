"""The council letter, on a data set modelled on the Groningen letter of early 2022.

Quarter: Q4 2021 (1 October - 31 December, 92 days). Hand-made:
- 47 participants since 1-6-2020 (indefinite, 32 h a week), per wijk as in the letter's
  table: Selwerd 4, De Hoogte/Indische buurt 6, Centrum 3, Korrewegwijk 1, De Wijert 5,
  Vinkhuizen 3, Beijum 5, Corpus den Hoorn 3, Oosterpark 4, Lewenborg 3, Paddepoel 4,
  Rivierenbuurt 4, Haren 1, Hoogkerk 1 = 47. Target 50.
- The funnel: 151 candidates spoken; 50 placed (the 47 and 3 more), excluded for prospects
  of paid work 34, physical limitations 26, preferring volunteer work 17, 'stap naar werk'
  10; 14 undecided. 50 / 151 = 33.1%: "een derde deel".
- Absence: 16 participants sick (15 for 10 days, 1 for 5 days, all inside the quarter):
  155 days x 32 h = 4,960 lost of 47 x 92 x 32 = 138,368: 3.5847% -> 3.6%; 31 at 0%;
  national reference 4.6%.
- Coaching every Monday (13 in the quarter, 92 days = 13.14 weeks): 23 participants 90 min,
  23 participants 210 min, one 150 min. Mean (23 x 1.4837 + 23 x 3.4620 + 2.4728) / 47 =
  2.47 -> 2.5; minimum 1.5, maximum 3.5.
- Costs 2021 with the Groningen parameters, start 1-6-2020: 1 January - 31 May 2021 (151
  days) in employment year 1, the other 214 days year 2. Per participant-year: wages 27,987;
  guidance (151 x 5,500 + 214 x 4,500) / 365 = 4,913.70; gross 32,900.70; offset -14,000;
  net 18,900.70.
"""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from pypdf import PdfReader

from basisbaan.letters import services
from basisbaan.letters.figures import letter_figures
from basisbaan.letters.models import CouncilLetter
from basisbaan.letters.render import render_pdf, sha256
from basisbaan.models import Wijk
from candidates.models import ExclusionReason
from coaching.models import CoachingEntry
from finance.models import CostParameters
from placements.models import (
    Contract,
    ContractHours,
    Employer,
    NationalAbsenceRate,
    Placement,
    SickReport,
)
from tests.factories import CandidateFactory, ConversationFactory, DecisionFactory

pytestmark = pytest.mark.django_db

WIJKEN = [
    ("Selwerd", 4),
    ("De Hoogte/Indische buurt", 6),
    ("Centrum", 3),
    ("Korrewegwijk", 1),
    ("De Wijert", 5),
    ("Vinkhuizen", 3),
    ("Beijum", 5),
    ("Corpus den Hoorn", 3),
    ("Oosterpark", 4),
    ("Lewenborg", 3),
    ("Paddepoel", 4),
    ("Rivierenbuurt", 4),
    ("Haren", 1),
    ("Hoogkerk", 1),
]
START = date(2020, 6, 1)
MONDAYS = [date(2021, 10, 4) + timedelta(days=7 * i) for i in range(13)]


def build_groningen(coach, extra_participants: int = 0) -> None:
    CostParameters.objects.create(year=2021, target_participants=50)
    CostParameters.objects.create(year=2020, target_participants=50)
    NationalAbsenceRate.objects.create(
        start=date(2021, 10, 1), end=date(2021, 12, 31), rate=Decimal("4.6")
    )
    employer = Employer.objects.create(name="Thermiek BV")
    reasons = {r.position: r for r in ExclusionReason.objects.all()}
    people = []
    for name, count in WIJKEN:
        wijk = Wijk.objects.get_or_create(name=name)[0]
        for _ in range(count + (extra_participants if name == "Selwerd" else 0)):
            people.append(CandidateFactory(home_wijk=wijk, coach=coach))
    outcomes = [("geplaatst", None)] * 3 + [("afgewezen", 10)] * 34 + [("afgewezen", 20)] * 26
    # Groningen: candidates fall off for preferring their volunteer work (17): an exclusion
    # reason of a rejection (DESIGN.md), not a withdrawal, which is its own line.
    outcomes += [("afgewezen", 30)] * 17 + [("afgewezen", 40)] * 10 + [(None, None)] * 14
    others = [CandidateFactory(coach=coach) for _ in outcomes]
    for candidate in people + others:
        ConversationFactory(candidate=candidate, coach=coach, date=date(2020, 4, 1))
    for candidate in people:
        DecisionFactory(candidate=candidate, decided_by=coach, decided_on=date(2020, 5, 1))
    for candidate, (outcome, reason) in zip(others, outcomes, strict=True):
        if outcome:
            DecisionFactory(
                candidate=candidate,
                decided_by=coach,
                decided_on=date(2020, 5, 1),
                outcome=outcome,
                exclusion_reason=reasons.get(reason),
            )
    minutes = [90] * 23 + [210] * 23 + [150] + [150] * extra_participants
    for i, candidate in enumerate(people):
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            primary_wijk=candidate.home_wijk,
            start_date=START,
        )
        contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=START)
        ContractHours.objects.create(contract=contract, valid_from=START, hours_per_week=32)
        if i < 16:
            first = date(2021, 10, 11) + timedelta(days=i)
            SickReport.objects.create(
                placement=placement,
                first_day=first,
                recovered_on=first + timedelta(days=10 if i < 15 else 5),
            )
        CoachingEntry.objects.bulk_create(
            CoachingEntry(
                candidate=candidate, date=day, minutes=minutes[i], kind="werk", coach=coach
            )
            for day in MONDAYS
        )


@pytest.fixture
def groningen(coach):
    build_groningen(coach)


FOOTER = re.compile(r"Voortgang basisbanen, \w+ kwartaal \d{4} Pagina \d+ van \d+ ?")


def pdf_text(data: bytes, *, footers: bool = False) -> str:
    """The PDF's text on one line; the running footers (subject, page x of y) left out, as
    a page break can fall in the middle of a sentence."""
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    return text if footers else FOOTER.sub("", text)


def test_figures_of_the_groningen_quarter(groningen):
    f = letter_figures(2021, 4)
    assert (f["participants"], f["target"]) == (47, 50)
    assert f["funnel_cumulative"]["total"]["spoken"] == 151
    assert f["funnel_cumulative"]["total"]["share_spoken"] == "33.1"
    assert (f["absence_rate"], f["national_rate"], f["zero_absence"]) == ("3.6", "4.6", 31)
    assert (f["coaching_mean"], f["coaching_min"], f["coaching_max"]) == ("2.5", "1.5", "3.5")
    assert f["average_hours"] == "32.0"
    assert f["costs"]["per_participant_year"]["guidance"] == "4913.70"


def test_the_pdf_says_what_the_groningen_letter_says(groningen, executive_staff):
    """The Groningen figures, in Groningen's form: the cost table per participant-year in
    thousands for the quarter (Q4 2021: all days in employment year 2, guidance 3,000 +
    1,500 = 4,500, rounded half up to 5,000) and for the year to date (4,913.70 -> 5,000):
    28,000 / 5,000 / 0 / 33,000 / -14,000 / 19,000 in both columns, the totals being the
    sums of the rounded lines. The exact amounts (4,500 / 4,914; net 18,487 / 18,901) are in
    the annex, with the definitions. Q3 2021 had the same 47 participants and no sickness
    and no coaching recorded, so the comparison reads 47 / 47, 3,6% / 0,0%, 2,5 / 0,0."""
    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    data = render_pdf(letter, letter_figures(2021, 4))
    assert re.search(r"Pagina 1 van \d+", pdf_text(data, footers=True))
    text = pdf_text(data)
    for expected in [
        "Op 31 december 2021 zijn 47 personen werkzaam in een basisbaan; het doel is 50.",
        "Aan het einde van het vorige kwartaal waren dat er 47.",
        "Selwerd 4",
        "De Hoogte/Indische buurt 6",
        "Korrewegwijk 1",
        "Hoogkerk 1",
        "Totaal 47",
        "hebben de coaches 151 kandidaten gesproken",
        "gaat een derde deel (33,1%) aan de slag",
        "waarvan perspectief op betaald werk (regulier of met loonkostensubsidie) 34",
        "waarvan (fysieke) beperkingen te groot 26",
        "waarvan voorkeur voor voortzetten vrijwilligerswerk 17",
        "Zelf teruggetrokken 0",
        "Gemiddeld werken de deelnemers 32,0 uur per week.",
        "Het ziekteverzuim was 3,6%, tegen 4,6% landelijk.",
        "Bij 31 deelnemers was het verzuim 0%.",
        "De begeleiding is gemiddeld 2,5 uur per week per deelnemer",
        "tussen 1,5 en 3,5 uur",
        # The cost table: this quarter and the year to date, in thousands.
        "Loonkosten en werkgeverslasten € 28.000 € 28.000",
        "Kosten begeleiding € 5.000 € 5.000",
        "Bijdrage werkbiedende partijen € 0 € 0",
        "Totaal € 33.000 € 33.000",
        "Inzet uitkeringen en loonkostensubsidies −€ 14.000 −€ 14.000",
        "Totaal (netto) € 19.000 € 19.000",
        # The previous quarter next to this one (and the target, the national rate).
        "Deelnemers aan het einde van het kwartaal 47 47 doel 50",
        "Ziekteverzuim 3,6% 0,0% landelijk 4,6%",
        "Begeleiding per deelnemer per week (uur) 2,5 0,0",
        "Netto kosten per basisbaan per jaar (dit kwartaal) € 19.000 € 19.000",
        "Kandidaten gesproken sinds de start 151 151",
        # The annex: definitions and the exact amounts.
        "Bijlage: definities en bronnen van de cijfers",
        "Volgens de methode van Vernet en het CBS",
        "Kosten begeleiding € 4.500 € 4.914",
        "Totaal (netto) € 18.487 € 18.901",
        "Begeleidende partijen: € 4.000 per jaar in het eerste dienstjaar",
        "Aan de gemeenteraad van",
        "Deze brief is elektronisch aangemaakt en daarom niet ondertekend.",
    ]:
        assert expected in text, expected
    assert "CONCEPT" in text


def pdf_ua_problems(data: bytes) -> list[str]:
    """What a PDF/UA-1 check finds that can be checked without veraPDF (not installable
    here): the document is tagged (MarkInfo, a structure tree), has a language, shows its
    title and says it is PDF/UA in its XMP metadata; every font is embedded; every figure
    has alternative text; headings start at H1 and skip no level; every data cell of a
    table is linked to its header cells."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not marked as tagged")
    if "/StructTreeRoot" not in root:
        return [*problems, "no structure tree"]
    if root.get("/Lang") != "nl":
        problems.append("no language")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("title not displayed")
    xmp = root["/Metadata"].get_object().get_data().decode()
    if 'pdfuaid:part="1"' not in xmp or "<dc:title>" not in xmp:
        problems.append("no PDF/UA identification or title in XMP")
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            if not any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"font not embedded: {font['/BaseFont']}")
    headings = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, dict):
            return
        tag = node.get("/S")
        if tag == "/Figure" and not str(node.get("/Alt") or "").strip():
            problems.append("figure without alternative text")
        if tag in ("/H1", "/H2", "/H3", "/H4"):
            headings.append(int(tag[2]))
        if tag == "/TD" and not node.get("/A", {}).get("/Headers"):
            problems.append("table cell without header")
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    if not headings or headings[0] != 1:
        problems.append("no H1 first")
    for before, after in zip(headings, headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skipped: H{before} -> H{after}")
    return problems


def test_the_final_letter_is_an_accessible_tagged_pdf_without_concept(groningen, executive_staff):
    """A draft is marked CONCEPT on every page; the final letter nowhere. Both are tagged
    PDF/UA-1 documents that pass the checks of `pdf_ua_problems`."""
    draft = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    draft_pdf = render_pdf(draft, draft.figures)
    pages = PdfReader(io.BytesIO(draft_pdf)).pages
    assert all("CONCEPT" in page.extract_text() for page in pages), "CONCEPT on every page"
    assert pdf_ua_problems(draft_pdf) == []
    final = services.letter_finalise(letter=draft, finalised_by=executive_staff)
    assert "CONCEPT" not in pdf_text(bytes(final.pdf), footers=True)
    assert pdf_ua_problems(bytes(final.pdf)) == []


def test_small_numbers_cannot_be_worked_out_in_the_letter(coach, executive_staff):
    """Two of the 151 spoken (both placed) have gender "anders". Shown as "< 3", with the
    151 beside them and "vrouw: 0", the men would give them away (151 - 149 - 0 = 2): so
    the men's count is hidden as "x" too, and the share of the two is not printed."""
    build_groningen(coach)
    from candidates.models import Candidate

    for candidate in Candidate.objects.order_by("pk")[:2]:
        candidate.gender = "anders"
        candidate.save()
    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    text = pdf_text(render_pdf(letter, letter_figures(2021, 4)))
    assert "Anders / niet opgegeven < 3 < 3 < 3" in text
    assert "Man x x x" in text
    assert "Kandidaten gesproken 151" in text
    assert "Vrouw 0 0 —" in text


def test_figure_queries_do_not_grow_with_the_data(coach, django_assert_num_queries):
    """Every figure is a fixed set of aggregate queries, whatever the number of people."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_groningen(coach)
    with CaptureQueriesContext(connection) as small:
        letter_figures(2021, 4)
    Placement.objects.all().delete()
    CostParameters.objects.all().delete()
    NationalAbsenceRate.objects.all().delete()
    from placements.models import Employer as E

    E.objects.all().delete()
    build_groningen(coach, extra_participants=40)
    with CaptureQueriesContext(connection) as large:
        letter_figures(2021, 4)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_finalised_letters_are_immutable_and_reproducible(groningen, executive_staff):
    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    services.letter_section_save(
        letter=letter, expected_version=letter.version, key="next_steps", text="Wij gaan door."
    )
    final = services.letter_finalise(
        letter=CouncilLetter.objects.get(pk=letter.pk), finalised_by=executive_staff
    )
    assert final.is_final and final.pdf_sha256 == sha256(bytes(final.pdf))
    assert final.figures["participants"] == 47
    # The service refuses changes...
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.letter_section_save(
            letter=final, expected_version=final.version, key="opening", text="x"
        )
    # ...and so does the database, with the services bypassed.
    with pytest.raises(DatabaseError), transaction.atomic():
        CouncilLetter.objects.filter(pk=final.pk).update(subject="Anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        CouncilLetter.objects.filter(pk=final.pk).delete()
    # The frozen snapshot renders to the very same bytes, even after the data changes.
    Placement.objects.first().delete()
    stored = CouncilLetter.objects.get(pk=final.pk)
    assert render_pdf(stored, stored.figures) == bytes(stored.pdf)
    # A new draft for the same quarter is a new version; the final one stays.
    second = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    assert second.letter_version == 2 and CouncilLetter.objects.count() == 2


def test_stale_section_save_is_refused(groningen, executive_staff, client_as):
    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    client = client_as(executive_staff)
    url = reverse("letters:section", args=[letter.pk, "opening"])
    ok = client.post(
        url, {"version": letter.version, "text": "Nieuwe opening."}, headers={"HX-Request": "true"}
    )
    assert "Opgeslagen om" in ok.content.decode()
    assert f'value="{letter.version + 1}" hx-swap-oob="true"' in ok.content.decode()
    stale = client.post(
        url, {"version": letter.version, "text": "Oud."}, headers={"HX-Request": "true"}
    )
    assert "Niet opgeslagen" in stale.content.decode()
    assert CouncilLetter.objects.get().sections["opening"] == "Nieuwe opening."


def test_download_of_a_final_letter_returns_identical_bytes(
    groningen, executive_staff, coach, client_as
):
    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    final = services.letter_finalise(letter=letter, finalised_by=executive_staff)
    first = client_as(executive_staff).get(reverse("letters:pdf", args=[final.pk]))
    second = client_as(coach).get(reverse("letters:pdf", args=[final.pk]))  # coaches read finals
    assert first.content == second.content == bytes(final.pdf)
    assert first["X-Content-SHA256"] == final.pdf_sha256


def test_coaches_see_only_final_letters(groningen, executive_staff, coach, client_as):
    draft = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    client = client_as(coach)
    assert client.get(reverse("letters:detail", args=[draft.pk])).status_code == 404
    assert "Q4 2021" not in client.get(reverse("letters:list")).content.decode()
    assert client.post(reverse("letters:list"), {"year": 2021, "quarter": 4}).status_code == 403


def test_the_command_line_renders_the_draft(groningen, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "brief.pdf"
    call_command("council_letter", year=2021, quarter=4, output=str(output))
    assert "47 personen werkzaam" in pdf_text(output.read_bytes())


def test_a_draft_keeps_its_figures_until_they_are_refreshed(
    groningen, executive_staff, client_as, django_assert_max_num_queries
):
    """The figures are computed when the draft is made; preview and PDF only render them
    (no figure query), and "Cijfers opnieuw berekenen" takes in later corrections."""
    from django.urls import reverse

    from tests.factories import CandidateFactory

    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    assert letter.figures is not None and letter.figures_at is not None
    client = client_as(executive_staff)
    preview = reverse("letters:preview", args=[letter.pk])
    assert client.get(preview).status_code == 200
    assert letter.figures["participants"] == 47
    # A participant recorded afterwards (a correction) does not change the draft...
    employer = Placement.objects.first().employer
    person = CandidateFactory()
    placement = Placement.objects.create(
        candidate=person,
        employer=employer,
        primary_wijk=person.home_wijk,
        start_date=date(2021, 10, 1),
    )
    contract = Contract.objects.create(
        placement=placement, kind="onbepaald", start_date=date(2021, 10, 1)
    )
    ContractHours.objects.create(contract=contract, valid_from=date(2021, 10, 1), hours_per_week=32)
    with django_assert_max_num_queries(15):  # rendering only: no figure SQL
        client.get(preview)
    letter.refresh_from_db()
    assert letter.figures["participants"] == 47
    # ...until the figures are refreshed.
    letter.refresh_from_db()
    assert "47 personen werkzaam" in letter.sections["jobs"]
    # Staff rewrote the coaching text; the jobs text is still the one written from the
    # figures. A refresh rewrites that one with the new count and keeps theirs.
    services.letter_section_save(
        letter=letter,
        expected_version=letter.version,
        key="coaching",
        text="Onze eigen tekst over de begeleiding.",
    )
    letter.refresh_from_db()
    client.post(reverse("letters:figures_refresh", args=[letter.pk]), {"version": letter.version})
    letter.refresh_from_db()
    assert letter.figures["participants"] == 48
    assert "48 personen werkzaam" in letter.sections["jobs"]
    assert letter.sections["coaching"] == "Onze eigen tekst over de begeleiding."
    stale = client.post(reverse("letters:figures_refresh", args=[letter.pk]), {"version": 1})
    assert stale.status_code == 302


def test_a_refresh_names_the_changed_texts_that_may_quote_old_numbers(groningen, executive_staff):
    """The jobs text was changed by staff and its default wording changes with the new
    count (47 -> 48): it is kept and named; a text whose default did not change is not."""
    from tests.factories import CandidateFactory

    letter = services.letter_create(year=2021, quarter=4, created_by=executive_staff)
    for key, text in [
        ("jobs", "Op 31 december 2021 werken 47 mensen in een basisbaan."),
        ("next_steps", "Wij houden u op de hoogte."),
    ]:
        services.letter_section_save(
            letter=letter, expected_version=letter.version, key=key, text=text
        )
    person = CandidateFactory()
    placement = Placement.objects.create(
        candidate=person,
        employer=Placement.objects.first().employer,
        primary_wijk=person.home_wijk,
        start_date=date(2021, 10, 1),
    )
    contract = Contract.objects.create(
        placement=placement, kind="onbepaald", start_date=date(2021, 10, 1)
    )
    ContractHours.objects.create(contract=contract, valid_from=date(2021, 10, 1), hours_per_week=32)
    kept = services.letter_figures_refresh(letter=letter, expected_version=letter.version)
    assert kept == ["Het aantal banen"]
    letter.refresh_from_db()
    assert letter.sections["jobs"] == "Op 31 december 2021 werken 47 mensen in een basisbaan."


def test_the_alderman_staff_start_page_compares_with_the_previous_quarter(
    groningen, executive_staff, coach, client_as
):
    """On 20 January 2022 the start page of the alderman's staff shows Q1 2022 so far next
    to Q4 2021: 47 participants both times (target 50); absence 0,0% (nobody sick in
    January) against 3,6%: -3,6 percentage points; net cost per participant-year 19,000
    both times (January 2022 is in employment year 2, like Q4 2021: 28,000 + 5,000 -
    14,000 with 2022's default parameters); coaching 0,0 h against 2,5 h (no coaching
    recorded in January). No letter about Q4 2021 exists yet. A coach sees none of it."""
    import html

    import time_machine

    CostParameters.objects.create(year=2022, target_participants=50)
    with time_machine.travel(date(2022, 1, 20)):
        page = client_as(executive_staff).get(reverse("home"))
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))
        assert "Kerncijfers dit kwartaal (vanaf 1 januari)" in text
        assert "Deelnemers 47 47 0 doel 50" in text
        assert "Ziekteverzuim 0,0% 3,6% -3,6 procentpunt —" in text
        assert "Netto kosten per basisbaan per jaar € 19.000 € 19.000 € 0 —" in text
        assert "Begeleiding per deelnemer per week (uur) 0,0 2,5 -2,5 —" in text
        assert "Er is nog geen raadsbrief over Q4 2021." in text
        services.letter_create(year=2021, quarter=4, created_by=executive_staff)
        page = client_as(executive_staff).get(reverse("home"))
        assert "De raadsbrief over Q4 2021 is een concept (versie 1)." in page.content.decode()
        assert "Kerncijfers" not in client_as(coach).get(reverse("home")).content.decode()


def test_the_alderman_staff_start_page_queries_do_not_grow(coach, executive_staff, client_as):
    """Guards the headline figures on the start page against N+1: the same number of
    queries for 47 participants as for 87 (every figure is an aggregate)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(executive_staff)
    build_groningen(coach)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("home")).status_code == 200
    more_people = [CandidateFactory(coach=coach) for _ in range(40)]
    for candidate in more_people:
        placement = Placement.objects.create(
            candidate=candidate,
            employer=Employer.objects.first(),
            primary_wijk=candidate.home_wijk,
            start_date=START,
        )
        contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=START)
        ContractHours.objects.create(contract=contract, valid_from=START, hours_per_week=32)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("home")).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    # Two quarters' coaching figures each refresh the stored months first (5 statements).
    assert len(many.captured_queries) <= 45


def test_the_text_and_the_table_round_a_figure_the_same_way():
    """12,542.6 hours of work: the table prints 12.543 and so does the sentence (Django's
    number formatting alone would cut it to 12.542)."""
    from basisbaan.letters.texts import default_sections
    from basisbaan.templatetags.basisbaan_tags import decimal

    assert decimal("12542.60", 0) == "12.543"
    figures = letter_figures(2021, 4)  # an empty database: the structure of the figures
    figures["work_total"] = "12542.60"
    assert "dit kwartaal 12.543 uur aan taken" in default_sections(figures, "Veenwolde")["jobs"]
