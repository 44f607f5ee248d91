"""The workbook's shape: one sheet per kind of record, its Dutch headers, what each column
holds, and the order in which sheets are read (a decision needs its intake first).

Kinds of cell (`Column.kind`):
    text     free text                     bsn      nine digits, elfproef
    date     a day (Excel date, 24-11-2026, 2026-11-24, 24 november 2026)
    int      a whole number                decimal  a number (12,5 or 12.5)
    bool     ja / nee                      choice   one of a fixed list (`choices`)
    ref      a name from a reference list (`ref`: wijk, team, ...)
    user     a member of staff by e-mail   topics   choices separated by ; or ,
    refs     names from a reference list, separated by ;

Values of `choice`, `ref` and `bool` columns that a municipality spells its own way are
mapped once in the browser (ImportMapping.values, keyed by `Column.domain`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from candidates.models import (
    ConversationKind,
    Gender,
    Household,
    InstrumentKind,
    Outcome,
    PhysicalCapacity,
    ReferralSource,
    Topic,
)
from coaching.models import CoachingKind
from placements.models import ContractKind, EndReason, OrganisationKind


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise | str
    kind: str = "text"
    required: bool = False
    choices: type[TextChoices] | None = None
    ref: str = ""
    past: bool = False  # a date that cannot lie in the future (something that happened)
    help: Promise | str = ""
    example: object = ""

    @property
    def domain(self) -> str:
        """The key under which mapped values of this column are remembered."""
        if self.kind in ("choice", "topics"):
            return f"choice:{self.choices.__name__}"
        if self.kind in ("ref", "refs"):
            return f"ref:{self.ref}"
        if self.kind == "bool":
            return "bool"
        return ""


@dataclass(frozen=True)
class Sheet:
    key: str
    title: Promise | str
    explanation: Promise | str
    columns: list[Column] = field(default_factory=list)
    # A sheet whose records are updated when already there: only its key columns must be
    # filled on every row; the other required ones only when the record is new.
    keys: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


EXAMPLE_BSN = "111222333"
EXAMPLE_DAY = date(2026, 1, 5)

BSN = Column("bsn", _("BSN"), "bsn", required=True, example=EXAMPLE_BSN)

SHEETS: list[Sheet] = [
    Sheet(
        "organisations",
        _("Organisaties"),
        _("Organisaties die taken aanbieden. De naam is uniek: een bestaande wordt bijgewerkt."),
        [
            Column("name", _("Naam"), required=True, example="Buurtcentrum De Linde"),
            Column(
                "kind", _("Soort"), "choice", True, choices=OrganisationKind, example="buurtcentrum"
            ),
            Column("wijk", _("Wijk"), "ref", ref="wijk", example="Centrum"),
            Column("contact_name", _("Contactpersoon")),
            Column("contact_phone", _("Telefoon")),
            Column("contact_email", _("E-mail")),
            Column("active", _("Actief"), "bool", example="ja"),
        ],
        keys=("name",),
    ),
    Sheet(
        "tasks",
        _("Taken"),
        _(
            "Taken per wijk. Een taak is herkenbaar aan organisatie, wijk en korte omschrijving. "
            "Vul de verdringingstoets in als die is gedaan: datum, uitkomst en wie toetste."
        ),
        [
            Column(
                "organisation",
                _("Organisatie"),
                "ref",
                True,
                ref="organisation",
                example="Buurtcentrum De Linde",
            ),
            Column("wijk", _("Wijk"), "ref", True, ref="wijk", example="Centrum"),
            Column("task_type", _("Soort taak"), "ref", True, ref="task_type", example="Groen"),
            Column("title", _("Korte omschrijving"), required=True, example="Tuinonderhoud"),
            Column("description", _("Wat houdt het in")),
            Column("hours_per_week", _("Uren per week"), "int", True, example=12),
            Column("places", _("Aantal plaatsen"), "int", example=2),
            Column(
                "physical_demand",
                _("Fysieke belasting"),
                "choice",
                True,
                choices=PhysicalCapacity,
                example="middel",
            ),
            Column("schedule", _("Rooster"), example="ma t/m do, 9-13 uur"),
            Column("active", _("Actief"), "bool", example="ja"),
            Column("checked_on", _("Verdringingstoets op"), "date", past=True, example=EXAMPLE_DAY),
            Column("no_displacement", _("Geen verdringing"), "bool", example="ja"),
            Column("checked_by", _("Getoetst door (e-mail)"), "user"),
        ],
        keys=("organisation", "wijk", "title"),
    ),
    Sheet(
        "candidates",
        _("Kandidaten"),
        _(
            "Eén regel per persoon. Een BSN dat er al is, wordt bijgewerkt met wat de regel "
            "invult; lege cellen laten de gegevens staan."
        ),
        [
            BSN,
            Column("first_name", _("Voornaam"), required=True, example="Anna"),
            Column("last_name", _("Achternaam"), required=True, example="de Vries"),
            Column(
                "date_of_birth",
                _("Geboortedatum"),
                "date",
                True,
                past=True,
                example=date(1980, 3, 1),
            ),
            Column("gender", _("Geslacht"), "choice", True, choices=Gender, example="vrouw"),
            Column(
                "household",
                _("Huishouden"),
                "choice",
                True,
                choices=Household,
                example="alleenstaand",
            ),
            Column("number_of_children", _("Aantal kinderen"), "int", example=0),
            Column("home_wijk", _("Woonwijk"), "ref", True, ref="wijk", example="Centrum"),
            Column("team", _("Team"), "ref", True, ref="team", example="Team Noord"),
            Column(
                "on_assistance_since",
                _("In de bijstand sinds"),
                "date",
                True,
                past=True,
                example=date(2020, 1, 1),
            ),
            Column(
                "referral_source",
                _("Aangemeld via"),
                "choice",
                True,
                choices=ReferralSource,
                example="klantmanager",
            ),
            Column("coach", _("Coach (e-mail)"), "user"),
            Column("registered_on", _("Aangemeld op"), "date", past=True, example=EXAMPLE_DAY),
            Column("available_hours", _("Beschikbaar (uren per week)"), "int", example=24),
            Column(
                "physical_capacity",
                _("Fysieke belastbaarheid"),
                "choice",
                True,
                choices=PhysicalCapacity,
                example="licht",
            ),
            Column(
                "preferred_task_types",
                _("Gewenste soorten werk"),
                "refs",
                ref="task_type",
                example="Groen",
            ),
            Column("wijken_within_reach", _("Bereikbare wijken"), "refs", ref="wijk"),
        ],
        keys=("bsn",),
    ),
    Sheet(
        "instruments",
        _("Eerdere instrumenten"),
        _("Wat de persoon eerder deed (participatiebaan, re-integratie, ...)."),
        [
            BSN,
            Column(
                "kind",
                _("Soort"),
                "choice",
                True,
                choices=InstrumentKind,
                example="participatiebaan",
            ),
            Column("start_date", _("Van"), "date", True, past=True, example=date(2018, 1, 1)),
            Column("end_date", _("Tot en met"), "date", example=date(2019, 12, 31)),
            Column("led_to_paid_work", _("Leidde tot betaald werk"), "bool", example="nee"),
            Column("note", _("Toelichting")),
        ],
    ),
    Sheet(
        "conversations",
        _("Intakegesprekken"),
        _("Gesprekken met kandidaten. Een gesprek is herkenbaar aan BSN, datum en soort."),
        [
            BSN,
            Column("date", _("Datum"), "date", True, past=True, example=EXAMPLE_DAY),
            Column("coach", _("Coach (e-mail)"), "user", True, example="coach@gemeente.nl"),
            Column("duration_minutes", _("Duur (minuten)"), "int", True, example=60),
            Column(
                "kind",
                _("Soort gesprek"),
                "choice",
                True,
                choices=ConversationKind,
                example="kennismaking",
            ),
            Column("topics", _("Onderwerpen"), "topics", choices=Topic, example="werk; inkomen"),
            Column("notes", _("Verslag")),
            Column("confidential", _("Vertrouwelijk"), "bool", example="nee"),
        ],
    ),
    Sheet(
        "decisions",
        _("Besluiten"),
        _(
            "Selectiebesluiten. Een besluit vraagt een intakegesprek op of vóór de besluitdatum; "
            "bij afwijzen of terugtrekken hoort een reden."
        ),
        [
            BSN,
            Column("decided_on", _("Besluitdatum"), "date", True, past=True, example=EXAMPLE_DAY),
            Column("outcome", _("Besluit"), "choice", True, choices=Outcome, example="geplaatst"),
            Column("exclusion_reason", _("Reden"), "ref", ref="exclusion_reason"),
            Column("motivation", _("Motivering")),
            Column(
                "decided_by", _("Besloten door (e-mail)"), "user", True, example="coach@gemeente.nl"
            ),
        ],
    ),
    Sheet(
        "contracts",
        _("Dienstverbanden"),
        _(
            "Eén regel per contract. Regels met hetzelfde BSN en dezelfde datum ‘in dienst per’ "
            "horen bij één dienstverband; het eerste contract begint op die datum. "
            "Vul ‘uit dienst per’ en de reden in bij een beëindigd dienstverband."
        ),
        [
            BSN,
            Column("start_date", _("In dienst per"), "date", True, example=EXAMPLE_DAY),
            Column("employer", _("Werkgever"), "ref", True, ref="employer", example="Werkbedrijf"),
            Column("primary_wijk", _("Hoofdwijk"), "ref", True, ref="wijk", example="Centrum"),
            Column(
                "contract_kind",
                _("Soort contract"),
                "choice",
                True,
                choices=ContractKind,
                example="bepaald",
            ),
            Column("contract_start", _("Contract van"), "date", True, example=EXAMPLE_DAY),
            Column("contract_end", _("Contract tot en met"), "date", example=date(2026, 12, 31)),
            Column("hours_per_week", _("Uren per week"), "decimal", True, example=24),
            Column("end_date", _("Uit dienst per"), "date", past=True),
            Column("end_reason", _("Reden uit dienst"), "choice", choices=EndReason),
        ],
    ),
    Sheet(
        "hours",
        _("Urenwijzigingen"),
        _("Andere contracturen binnen een contract, met ingang van een datum."),
        [
            BSN,
            Column("start_date", _("In dienst per"), "date", True, example=EXAMPLE_DAY),
            Column("valid_from", _("Met ingang van"), "date", True, example=date(2026, 6, 1)),
            Column("hours_per_week", _("Uren per week"), "decimal", True, example=28),
        ],
    ),
    Sheet(
        "assignments",
        _("Taaktoewijzingen"),
        _("Welke taken iemand doet binnen een dienstverband, met de uren per week."),
        [
            BSN,
            Column("start_date", _("In dienst per"), "date", True, example=EXAMPLE_DAY),
            Column(
                "organisation",
                _("Organisatie"),
                "ref",
                True,
                ref="organisation",
                example="Buurtcentrum De Linde",
            ),
            Column("wijk", _("Wijk"), "ref", True, ref="wijk", example="Centrum"),
            Column("task", _("Taak"), required=True, example="Tuinonderhoud"),
            Column("hours_per_week", _("Uren per week"), "decimal", True, example=12),
            Column("from_date", _("Vanaf"), "date", True, example=EXAMPLE_DAY),
            Column("to_date", _("Tot en met"), "date"),
        ],
    ),
    Sheet(
        "sick_reports",
        _("Ziekmeldingen"),
        _(
            "Ziekmeldingen binnen een dienstverband; ‘hersteld op’ is de eerste dag weer aan het werk."
        ),
        [
            BSN,
            Column(
                "first_day",
                _("Eerste ziektedag"),
                "date",
                True,
                past=True,
                example=date(2026, 3, 2),
            ),
            Column("recovered_on", _("Hersteld op"), "date", past=True, example=date(2026, 3, 9)),
            Column("note", _("Opmerking")),
        ],
    ),
    Sheet(
        "recovery_steps",
        _("Herstelstappen"),
        _("Gedeeltelijk herstel: vanaf een datum een percentage arbeidsongeschikt."),
        [
            BSN,
            Column("first_day", _("Eerste ziektedag"), "date", True, example=date(2026, 3, 2)),
            Column("from_date", _("Vanaf"), "date", True, past=True, example=date(2026, 3, 5)),
            Column("incapacity_percent", _("Arbeidsongeschikt (%)"), "int", True, example=50),
        ],
    ),
    Sheet(
        "coaching",
        _("Begeleidingsuren"),
        _(
            "Begeleiding per dag (vul ‘datum’) of voor een hele week (vul ‘week’: de maandag "
            "of 2026-W05), in minuten of in uren, door een coach of een begeleidende partij."
        ),
        [
            BSN,
            Column("date", _("Datum"), "date", past=True, example=EXAMPLE_DAY),
            Column("week", _("Week"), "text"),
            Column("kind", _("Soort"), "choice", True, choices=CoachingKind, example="werk"),
            Column("minutes", _("Minuten"), "int", example=90),
            Column("hours", _("Uren"), "decimal"),
            Column("coach", _("Coach (e-mail)"), "user", example="coach@gemeente.nl"),
            Column("party", _("Begeleidende partij"), "ref", ref="party"),
            Column("note", _("Notitie")),
            Column("confidential", _("Vertrouwelijk"), "bool"),
        ],
    ),
    Sheet(
        "wellbeing",
        _("Welzijnsmetingen"),
        _("Eén regel per domein: regels met hetzelfde BSN en dezelfde datum vormen één meting."),
        [
            BSN,
            Column("date", _("Datum"), "date", True, past=True, example=EXAMPLE_DAY),
            Column("domain", _("Domein"), "ref", True, ref="domain", example="Gezondheid"),
            Column("score", _("Score (1-5)"), "int", True, example=4),
            Column(
                "measured_by", _("Gemeten door (e-mail)"), "user", True, example="coach@gemeente.nl"
            ),
            Column("note", _("Notitie")),
        ],
    ),
]

SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
EXPLANATION_TITLE = _("Uitleg")
