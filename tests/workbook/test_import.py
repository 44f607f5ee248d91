"""The workbook import: every error at its sheet, row and column with nothing written; a
clean import equal to the same records typed in; idempotence; updates by BSN; mapping;
the round trip through the export."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from basisbaan.letters.figures import letter_figures
from basisbaan.models import AccessAction, AccessLog
from basisbaan.workbook import reader, selectors, services
from basisbaan.workbook.models import ImportMapping
from candidates.models import Candidate, IntakeConversation, SelectionDecision
from candidates.selectors import funnel
from coaching.models import CoachingEntry, WellbeingMeasurement
from placements.models import Contract, Placement, SickReport, Task, TaskAssignment
from tests.workbook.conftest import BSN, empty_municipality

pytestmark = pytest.mark.django_db


def _run(tables, user, *, dry_run=False):
    return services.workbook_import(tables=tables, user=user, dry_run=dry_run)


def _row_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Candidate,
            IntakeConversation,
            SelectionDecision,
            Placement,
            Contract,
            TaskAssignment,
            SickReport,
            CoachingEntry,
            WellbeingMeasurement,
            Task,
        )
    }


def test_every_kind_of_error_is_reported_at_its_sheet_row_and_column_and_nothing_is_written(
    tables, reference, today
):
    A, B, C, D = (BSN[k] for k in "ABCD")
    tables["Kandidaten"][3][0] = "123456789"  # row 4: fails the elfproef
    tables["Kandidaten"][2][7] = "Atlantis"  # row 3: no such wijk
    tables["Intakegesprekken"][1][1] = "24-12-2026"  # row 2: a month from now
    tables["Besluiten"][3][1] = "01-02-2026"  # row 4: D's intake is only on 10 Feb
    tables["Dienstverbanden"][2][5] = "15-08-2026"  # row 3: starts before row 2 ends
    tables["Ziekmeldingen"].append([D, "01-09-2026", ""])  # row 3: D left on 15 Aug
    before = _row_counts()

    outcome = _run(tables, reference["admin"], dry_run=False)

    found = {(p.sheet, p.row, p.column): p.message for p in outcome.problems}
    assert "elfproef" in found[("Kandidaten", 4, "BSN")]
    assert "Onbekende wijk ‘Atlantis’" in found[("Kandidaten", 3, "Woonwijk")]
    assert "toekomst" in found[("Intakegesprekken", 2, "Datum")]
    assert "intakegesprek" in found[("Besluiten", 4, "Besluitdatum")]
    assert "overlapt met het contract op rij 2" in found[("Dienstverbanden", 3, "Contract van")]
    assert "buiten" in found[("Ziekmeldingen", 3, "Eerste ziektedag")]
    assert outcome.unknown_values == {"ref:wijk": ["Atlantis"]}
    assert _row_counts() == before  # all or nothing: the valid rows were not kept either
    assert not Candidate.objects.exists()


@pytest.mark.django_db(transaction=True)  # empties the municipality as the owner
def test_a_clean_import_gives_the_figures_of_the_same_records_typed_in(
    tables, reference, type_in, today
):
    type_in()
    typed = letter_figures(2026, 3)
    typed_funnel = funnel(start=date(2026, 1, 1), end=date(2026, 9, 30))
    empty_municipality()

    outcome = _run(tables, reference["admin"])

    assert outcome.ok, outcome.problems
    assert letter_figures(2026, 3) == typed
    assert funnel(start=date(2026, 1, 1), end=date(2026, 9, 30)) == typed_funnel
    # Worked out by hand (module docstring of conftest): four registered, three intakes,
    # two placed, one rejected; A and D employed in the quarter; A sick 6-12 July.
    assert outcome.counts["candidates"]["created"] == 4
    assert Placement.objects.filter(end_date__isnull=True).count() == 1
    a = Placement.objects.get(candidate__bsn=BSN["A"])
    assert [(c.start_date, c.end_date) for c in a.contracts.order_by("start_date")] == [
        (date(2026, 3, 1), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2027, 2, 28)),
    ]
    assert SickReport.objects.get().recovered_on == date(2026, 7, 13)
    week = CoachingEntry.objects.get(source="week")
    assert (week.date, week.minutes, week.party.name) == (date(2026, 7, 13), 120, "Werkpad")
    # Every person read in is in the access log, with its purpose.
    logged = AccessLog.objects.filter(action=AccessAction.IMPORT, purpose="migration")
    assert set(logged.values_list("subject_id", flat=True)) == set(
        Candidate.objects.values_list("pk", flat=True)
    )


def test_a_dry_run_writes_nothing_and_says_what_would_be_created(tables, reference, today):
    outcome = _run(tables, reference["admin"], dry_run=True)

    assert outcome.ok, outcome.problems
    assert outcome.counts["candidates"] == {"created": 4, "updated": 0, "skipped": 0}
    assert outcome.counts["coaching"]["created"] == 2
    assert _row_counts() == dict.fromkeys(_row_counts(), 0)
    assert not AccessLog.objects.filter(action=AccessAction.IMPORT).exists()


def test_importing_the_same_workbook_again_changes_nothing(tables, reference, today):
    assert _run(tables, reference["admin"]).ok
    counts = _row_counts()
    versions = list(Candidate.objects.order_by("pk").values_list("version", flat=True))

    again = _run(tables, reference["admin"])

    assert again.ok, again.problems
    assert _row_counts() == counts
    assert list(Candidate.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again.counts.values())
    assert again.counts["candidates"]["skipped"] == 4
    assert again.changes == []


def test_a_person_already_there_is_updated_only_where_the_workbook_says_so(
    tables, reference, today
):
    assert _run(tables, reference["admin"]).ok
    header = tables["Kandidaten"][0]
    changed = dict.fromkeys(header, "")
    changed.update({"BSN": BSN["C"], "Achternaam": "de Vries", "Woonwijk": "Centrum"})
    update = {"Kandidaten": [header, [changed[h] for h in header]]}

    dry = _run(update, reference["admin"], dry_run=True)

    assert dry.ok, dry.problems
    assert dry.counts["candidates"] == {"created": 0, "updated": 1, "skipped": 0}
    # The new values, not what is stored now (the importer may have no right to see it).
    assert [c["text"] for c in dry.changes] == [
        "Achternaam wordt ‘de Vries’",
        "Woonwijk wordt ‘Centrum’",
    ]
    assert Candidate.objects.get(bsn=BSN["C"]).last_name == "Proef"  # nothing written yet
    # The dry run compared C's stored record: that read is in the access log.
    read = AccessLog.objects.filter(action=AccessAction.IMPORT, detail="proefrun")
    assert list(read.values_list("subject_id", flat=True)) == [
        Candidate.objects.get(bsn=BSN["C"]).pk
    ]

    assert _run(update, reference["admin"]).ok
    person = Candidate.objects.get(bsn=BSN["C"])
    assert (person.last_name, person.home_wijk.name, person.first_name) == (
        "de Vries",
        "Centrum",
        "Cor",  # left empty in the workbook: kept
    )


def test_headers_and_values_that_differ_are_mapped_once_and_remembered(tables, reference, today):
    tables["Cliënten"] = tables.pop("Kandidaten")
    tables["Cliënten"][0][0] = "Burgerservicenummer"
    tables["Cliënten"][1][4] = "V"  # gender as the team writes it
    tables["Cliënten"][2][7] = "Noord (dorp)"  # the team's name for wijk Noord

    first = _run(tables, reference["admin"], dry_run=True)
    assert [(p.sheet, p.message) for p in first.problems] == [
        ("Cliënten", "Onbekend blad: kies in de indeling welk blad dit is.")
    ]
    services.mapping_save(sheets={"Cliënten": "candidates"})
    recognition = reader.recognise(tables, services.mapping_get())
    match = next(m for m in recognition.matches if m.title == "Cliënten")
    assert match.unknown == ["Burgerservicenummer"]
    services.mapping_save(columns={"candidates": {"Burgerservicenummer": "bsn"}})

    second = _run(tables, reference["admin"], dry_run=True)
    assert second.unknown_values == {"choice:Gender": ["V"], "ref:wijk": ["Noord (dorp)"]}
    services.mapping_save(
        values={"choice:Gender": {"V": "vrouw"}, "ref:wijk": {"Noord (dorp)": "Noord"}}
    )

    assert _run(tables, reference["admin"]).ok
    assert Candidate.objects.get(bsn=BSN["A"]).gender == "vrouw"
    assert Candidate.objects.get(bsn=BSN["B"]).home_wijk.name == "Noord"
    mapping = ImportMapping.objects.get()
    assert mapping.columns == {"candidates": {"burgerservicenummer": "bsn"}}


def _exported(fmt: str) -> list[tuple[str, bytes]]:
    if fmt == "xlsx":
        return [("gemeente.xlsx", selectors.workbook_bytes(example=False))]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(selectors.csv_zip_chunks())))
    return [(name, archive.read(name)) for name in archive.namelist()]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.django_db(transaction=True)  # empties the municipality as the owner
def test_the_export_imported_into_an_empty_database_gives_identical_letter_figures(
    fmt, reference, type_in, today
):
    type_in()
    figures = {q: letter_figures(2026, q) for q in (1, 2, 3)}
    files = _exported(fmt)
    empty_municipality()

    tables = reader.read_files(files)
    outcome = _run(tables, reference["admin"])

    assert outcome.ok, outcome.problems
    assert {q: letter_figures(2026, q) for q in (1, 2, 3)} == figures
    anna = Candidate.objects.get(bsn=BSN["A"])
    assert [t.name for t in anna.preferred_task_types.all()] == ["Groen"]
    assert sorted(w.name for w in anna.wijken_within_reach.all()) == ["Centrum", "Noord"]
    # The export of the imported data is the same workbook, cell for cell.
    assert reader.read_files(_exported(fmt)) == tables


def test_cells_are_read_as_excel_and_dutch_people_write_them():
    assert reader.parse_date("24-11-2026") == date(2026, 11, 24)
    assert reader.parse_date("24 november 2026") == date(2026, 11, 24)
    assert reader.parse_date("3-2-2026") == date(2026, 2, 3)
    assert reader.parse_date(46350) == date(2026, 11, 24)  # a serial day without format
    assert reader.parse_date("2026-02-30") is None
    assert reader.parse_decimal("12,5") == Decimal("12.5")
    assert reader.parse_decimal("1.234,5") == Decimal("1234.5")
    assert reader.parse_decimal("twaalf") is None
    assert reader.parse_week("2026-W29") == date(2026, 7, 13)
    assert reader.parse_week("15-07-2026") == date(2026, 7, 13)


def test_an_xlsx_with_real_dates_numbers_and_a_lost_leading_zero_reads(reference, today):
    book = Workbook()
    sheet = book.active
    sheet.title = "Eerdere instrumenten"
    sheet.append(["BSN", "Soort", "Van", "Tot en met", "Leidde tot betaald werk"])
    sheet.append([int(BSN["C"]), "Participatiebaan", date(2019, 1, 1), 43830.0, "J"])
    out = io.BytesIO()
    book.save(out)
    tables = reader.read_files([("instrumenten.xlsx", out.getvalue())])
    parsed = reader.parse(tables, reader.recognise(tables, ImportMapping()), ImportMapping())
    row = parsed.rows["instruments"][0]
    assert parsed.problems == []
    assert row.values == {
        "bsn": BSN["C"],
        "kind": "participatiebaan",
        "start_date": date(2019, 1, 1),
        "end_date": date(2019, 12, 31),
        "led_to_paid_work": True,
    }


def test_the_template_has_an_explanation_and_one_example_row_per_sheet(db):
    book = load_workbook(io.BytesIO(selectors.workbook_bytes(example=True)), read_only=True)
    names = book.sheetnames
    assert names[0] == "Uitleg"
    assert len(names) == 14
    for name in names[1:]:
        rows = [r for r in book[name].iter_rows(values_only=True) if any(r)]
        assert len(rows) == 2, name
    candidates = list(book["Kandidaten"].iter_rows(values_only=True))
    assert candidates[0][:3] == ("BSN", "Voornaam", "Achternaam")


def test_files_beyond_the_caps_are_refused_with_a_dutch_message():
    from basisbaan.uploads import UploadRefused

    header = "BSN;Voornaam\n"
    big = (header + "111222333;Anna\n" * (reader.MAX_ROWS + 1)).encode()
    with pytest.raises(UploadRefused, match="Hoogstens 20000 regels"):
        reader.read_files([("Kandidaten.csv", big)])
    with pytest.raises(UploadRefused, match="XLSX- of CSV"):
        reader.read_files([("kandidaten.ods", b"x")])
    with pytest.raises(UploadRefused, match="geen geldig XLSX"):
        reader.read_files([("kandidaten.xlsx", b"not a zip")])


def test_a_csv_file_per_sheet_imports_like_the_workbook(tables, reference, today):
    """Each CSV file is the sheet its name says, in Excel's Dutch dialect (semicolons)."""
    files = [
        (f"{title}.csv", "\n".join(";".join(str(c or "") for c in row) for row in rows).encode())
        for title, rows in tables.items()
    ]
    read = reader.read_files(files)
    assert set(read) == set(tables)

    outcome = _run(read, reference["admin"])

    assert outcome.ok, outcome.problems
    assert Candidate.objects.count() == 4
    assert CoachingEntry.objects.get(source="week").minutes == 120  # "2" hours as text


def test_two_identical_rows_are_two_records_and_stay_two_on_a_second_import(
    tables, reference, today
):
    """A conversation typed in twice is two conversations; importing again adds none."""
    tables["Intakegesprekken"].append(list(tables["Intakegesprekken"][1]))
    assert _run(tables, reference["admin"]).ok
    assert IntakeConversation.objects.filter(candidate__bsn=BSN["A"]).count() == 2

    again = _run(tables, reference["admin"])

    assert again.counts["conversations"] == {"created": 0, "updated": 0, "skipped": 4}
    assert IntakeConversation.objects.filter(candidate__bsn=BSN["A"]).count() == 2


def test_a_renewal_that_starts_inside_the_previous_contract_is_reported_at_contract_from(
    tables, reference, today
):
    """A's contracts run to 28 February 2027 once imported; a workbook adding a renewal
    from 15 August 2026 is refused by the service at the renewal's own "Contract van"."""
    assert _run(tables, reference["admin"]).ok
    header = tables["Dienstverbanden"][0]
    renewal = list(tables["Dienstverbanden"][1])
    renewal[5], renewal[6] = "15-08-2026", "31-12-2026"
    outcome = _run({"Dienstverbanden": [header, renewal]}, reference["admin"])

    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [
        ("Dienstverbanden", 2, "Contract van")
    ]
    assert "na het einde van het vorige (28-02-2027)" in outcome.problems[0].message
