"""Subject access (AVG art. 15): everything held about one person, as a readable PDF in
plain Dutch and a machine-readable JSON file.

Everything means every stored field of every record about the person (taken from the models
themselves, so a field added later is included without anyone remembering to), grouped in
sections; the document files are listed (the person gets copies on request separately), and
the access log says who looked at their data, when and why. Only for a user in the person's
own team (confidential notes included: they are the person's data too)."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from basisbaan.models import AccessAction, AccessLog, AccessPurpose, User
from basisbaan.services import access_log_record

from .models import Candidate

# Fields that say nothing about the person (internal bookkeeping or storage paths).
SKIPPED = {"candidate", "version", "file"}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: object  # for JSON
    shown: str  # for the PDF


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    explanation: str
    records: list[list[Field]]


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value) or "—"
    return str(value)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return str(value)
    return value


def _record(obj: models.Model, *, skip: set[str] = frozenset()) -> list[Field]:
    """Every stored field of `obj` with its label; choices as their words, links by name."""
    fields = []
    for field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
        if field.name in SKIPPED or field.name in skip or field.name.startswith("pgh_"):
            continue
        if field.many_to_many:
            value = [str(item) for item in getattr(obj, field.name).all()]
        elif field.is_relation:
            value = getattr(obj, field.name)
            value = None if value is None else str(value)
        elif field.choices:
            raw = getattr(obj, field.attname)
            value = (
                [str(dict(field.base_field.choices).get(v, v)) for v in raw]
                if isinstance(raw, list) and hasattr(field, "base_field")
                else (str(obj._get_FIELD_display(field)) if raw not in (None, "") else raw)
            )
        else:
            value = getattr(obj, field.attname)
            if isinstance(value, list) and getattr(field, "base_field", None) is not None:
                choices = dict(field.base_field.choices or [])
                value = [str(choices.get(v, v)) for v in value]
        label = str(field.verbose_name)
        fields.append(
            Field(field.name, label[:1].upper() + label[1:], _plain(value), _shown(value))
        )
    return fields


def subject_access_candidate(*, user: User, pk: int) -> Candidate:
    """The person, only for a user in the person's own team (else a 404)."""
    candidate = Candidate.objects.in_reach_of(user).filter(pk=pk).first()
    if candidate is None or not candidate.team.members.filter(pk=user.pk).exists():
        raise Http404
    return candidate


def subject_access_data(candidate: Candidate) -> list[Section]:
    """Every section, in the order a person would read it."""
    from coaching.models import (
        CoachingEntry,
        PartyAssignment,
        PlanAction,
        PlanGoal,
        PlanReview,
        Referral,
        WellbeingMeasurement,
    )
    from placements.models import (
        Contract,
        ContractHours,
        MilestoneDone,
        Placement,
        RecoveryStep,
        SickReport,
        TaskAssignment,
    )

    from .models import Document, IntakeConversation, PriorInstrument, SelectionDecision
    from .selectors import candidate_guideline

    person = candidate

    def records(queryset, **kwargs):
        return [_record(obj, **kwargs) for obj in queryset]

    guideline = candidate_guideline(person)
    placements = Placement.objects.filter(candidate=person).order_by("start_date", "pk")
    own = {"placement__candidate": person}
    placement_ids = list(placements.values_list("pk", flat=True))
    log = (
        AccessLog.objects.filter(
            Q(subject_type="candidate", subject_id=person.pk)
            | Q(subject_type="placement", subject_id__in=placement_ids)
        )
        .select_related("user")
        .order_by("at", "pk")
    )
    return [
        Section(
            "personal_data",
            _("Persoonsgegevens"),
            _("Wat wij over u hebben vastgelegd bij de aanmelding en daarna."),
            [_record(person)],
        ),
        Section(
            "guideline",
            _("De richtlijn voor een basisbaan"),
            _("Of u op dit moment voldoet aan de richtlijn, en waarom."),
            [
                [
                    Field("verdict", _("Uitkomst"), guideline.verdict, guideline.verdict),
                    Field(
                        "months_on_assistance",
                        _("Maanden in de bijstand"),
                        guideline.months_on_assistance,
                        str(guideline.months_on_assistance),
                    ),
                ]
            ],
        ),
        Section(
            "prior_instruments",
            _("Eerder ingezette hulp"),
            _("Wat eerder is geprobeerd om u aan werk te helpen."),
            records(PriorInstrument.objects.filter(candidate=person).order_by("pk")),
        ),
        Section(
            "conversations",
            _("Gesprekken"),
            _("De gesprekken die wij met u voerden, met het verslag."),
            records(IntakeConversation.objects.filter(candidate=person).order_by("date", "pk")),
        ),
        Section(
            "decisions",
            _("Besluiten"),
            _("Of u een basisbaan kreeg aangeboden, met de reden."),
            records(SelectionDecision.objects.filter(candidate=person).order_by("decided_on")),
        ),
        Section(
            "placements",
            _("Dienstverband"),
            _("Bij welke werkgever u werkt of werkte, en vanaf wanneer."),
            records(placements),
        ),
        Section(
            "contracts",
            _("Contracten"),
            _("Uw arbeidscontracten en de uren per week."),
            records(Contract.objects.filter(**own).order_by("start_date"))
            + records(
                ContractHours.objects.filter(contract__placement__candidate=person).order_by(
                    "valid_from"
                )
            ),
        ),
        Section(
            "tasks",
            _("Taken"),
            _("Het werk dat u doet, waar en hoeveel uur."),
            records(TaskAssignment.objects.filter(**own).order_by("start_date")),
        ),
        Section(
            "absence",
            _("Ziekte en herstel"),
            _("Uw ziekmeldingen en herstel. Wij leggen geen medische gegevens vast."),
            records(SickReport.objects.filter(**own).order_by("first_day"))
            + records(
                RecoveryStep.objects.filter(sick_report__placement__candidate=person).order_by(
                    "from_date"
                )
            )
            + records(MilestoneDone.objects.filter(candidate=person).order_by("pk")),
        ),
        Section(
            "coaching",
            _("Begeleiding"),
            _("Wanneer u begeleiding kreeg, van wie en hoe lang."),
            records(CoachingEntry.objects.filter(candidate=person).order_by("date", "pk"))
            + records(PartyAssignment.objects.filter(candidate=person).order_by("start_date"))
            + records(Referral.objects.filter(candidate=person).order_by("date")),
        ),
        Section(
            "plan",
            _("Uw plan"),
            _("Uw doelen, de afspraken om ze te halen en de gesprekken daarover."),
            records(PlanGoal.objects.filter(candidate=person).order_by("pk"))
            + records(PlanAction.objects.filter(goal__candidate=person).order_by("pk"))
            + records(PlanReview.objects.filter(candidate=person).order_by("pk")),
        ),
        Section(
            "wellbeing",
            _("Hoe het met u gaat"),
            _("De metingen van uw welzijn."),
            records(WellbeingMeasurement.objects.filter(candidate=person).order_by("pk")),
        ),
        Section(
            "documents",
            _("Documenten"),
            _("De documenten in uw dossier. Een kopie krijgt u op verzoek."),
            records(Document.objects.filter(candidate=person).order_by("uploaded_at")),
        ),
        Section(
            "access_log",
            _("Wie uw gegevens heeft bekeken"),
            _("Elke keer dat een medewerker uw gegevens bekeek of gebruikte, met de reden."),
            [
                [
                    Field("at", _("Wanneer"), _plain(entry.at), _shown(entry.at)),
                    Field("user", _("Wie"), entry.user.full_name, entry.user.full_name),
                    Field(
                        "action",
                        _("Wat"),
                        entry.get_action_display(),
                        str(entry.get_action_display()),
                    ),
                    Field(
                        "purpose",
                        _("Waarom"),
                        str(entry.get_purpose_display()),
                        str(entry.get_purpose_display()),
                    ),
                ]
                for entry in log
            ],
        ),
    ]


def as_json(candidate: Candidate, sections: list[Section]) -> bytes:
    payload = {
        "person": candidate.pk,
        "made_at": timezone.now().isoformat(timespec="seconds"),
        "sections": {
            section.key: [{f.key: f.value for f in record} for record in section.records]
            for section in sections
        },
    }
    return json.dumps(payload, indent=1, ensure_ascii=False, default=str).encode()


def as_pdf(candidate: Candidate, sections: list[Section], *, request=None) -> bytes:
    from weasyprint import HTML

    from basisbaan.selectors import profile_get

    html = render_to_string(
        "candidates/subject_access_pdf.html",
        {
            "candidate": candidate,
            "sections": sections,
            "today": timezone.localdate(),
            "municipality": profile_get(),
        },
        request=request,
    )
    return HTML(string=html).write_pdf()


def record_request(*, user: User, candidate: Candidate, what: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.SUBJECT_ACCESS,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.SUBJECT_ACCESS,
        detail=what,
    )
