"""Retention (AVG art. 5 and 17, BIO 5.33): per kind of record a period after which it is
removed, run daily by `manage.py retention` (with --dry-run to see what would go).

A person is removed whole, in one transaction: every record about them (Django's delete
collector follows the cascade), the change history of each of those records, the delete
events the removal itself writes into that history, their access-log entries and the
document files. The runtime role may not delete history or access-log rows (basisbaan.dbroles),
so this runs as the owner of the tables, with the access log's append-only triggers ignored
for that transaction only.

Aggregates: a finalised council letter keeps its snapshot; figures of periods that are still
open are computed from what remains, so removing a former participant (seven years after their
employment ended) changes only figures of periods that long ago.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pghistory.models
import pgtrigger
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .dbroles import as_owner

APPEND_ONLY_TRIGGERS = [
    "core.AccessLog:accesslog_append_only",
    "candidates.BreakGlassAccess:breakglass_append_only",
]


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    default_days: int
    min_days: int
    max_days: int
    reason: str


RULES = [
    Rule(
        "never_placed",
        _("Kandidaten die geen basisbaan kregen"),
        2 * 365,
        365,
        5 * 365,
        _(
            "Na het laatste besluit of gesprek: lang genoeg voor bezwaar en beroep en een "
            "nieuwe aanmelding, daarna is er geen doel meer."
        ),
    ),
    Rule(
        "former_participant",
        _("Oud-deelnemers"),
        7 * 365,
        7 * 365,
        10 * 365,
        _(
            "Na het einde van het laatste dienstverband: de loonadministratie moet zeven jaar "
            "bewaard blijven (fiscale bewaarplicht, art. 52 AWR)."
        ),
    ),
    Rule(
        "access_log",
        _("Toegangslog"),
        3 * 365,
        365,
        7 * 365,
        _("Lang genoeg om misbruik te kunnen onderzoeken en verantwoorden."),
    ),
    Rule(
        "drafts",
        _("Niet afgemaakte gespreksverslagen"),
        30,
        1,
        90,
        _("Een concept dat een maand niet is afgemaakt, wordt niet meer gebruikt."),
    ),
]
RULES_BY_KIND = {rule.kind: rule for rule in RULES}


def period(kind: str) -> int:
    """The period in days for `kind`: the functional admin's choice, else the default."""
    from .models import RetentionPeriod

    chosen = RetentionPeriod.objects.filter(kind=kind).values_list("days", flat=True).first()
    return chosen or RULES_BY_KIND[kind].default_days


def people_due(kind: str, *, on: date) -> QuerySet:
    """The persons whose retention period of `kind` has passed on `on`."""
    from candidates.models import Candidate

    cutoff = on - timedelta(days=period(kind))
    if kind == "never_placed":
        last = Greatest(
            "registered_on",
            Coalesce(Max("decisions__decided_on"), "registered_on"),
            Coalesce(Max("conversations__date"), "registered_on"),
        )
        return (
            Candidate.objects.filter(placements__isnull=True)
            .annotate(last_activity=last)
            .filter(last_activity__lt=cutoff)
        )
    if kind == "former_participant":
        return (
            Candidate.objects.filter(placements__isnull=False)
            .exclude(placements__end_date__isnull=True)
            .annotate(last_end=Max("placements__end_date"))
            .filter(last_end__lt=cutoff)
        )
    raise ValueError(kind)


def _history_of(collected: dict) -> list[tuple[type, list]]:
    """For each collected model, its event models and the primary keys to look up."""
    events = []
    for model in apps.get_models():
        if not issubclass(model, pghistory.models.Event) or model._meta.proxy:
            continue
        tracked = getattr(model, "pgh_tracked_model", None)
        if tracked is not None and tracked in collected:
            events.append((model, collected[tracked]))
    return events


def _delete_graph(objects: list, collected: dict, removed: dict) -> None:
    """Deletes `objects` with everything that cascades from them; records that protect them
    (a placement protects its person) are the person's own records too and go first.
    `collected` gets the primary keys of every deleted row per model, for the history."""
    while True:
        collector = Collector(using="default")
        try:
            collector.collect(objects)
        except (ProtectedError, RestrictedError) as error:
            blockers = getattr(error, "protected_objects", None) or error.restricted_objects
            _delete_graph(list(blockers), collected, removed)
            continue
        for model, instances in collector.data.items():
            collected.setdefault(model, []).extend(obj.pk for obj in instances)
        for queryset in collector.fast_deletes:
            collected.setdefault(queryset.model, []).extend(queryset.values_list("pk", flat=True))
        _count, per_model = collector.delete()
        for label, count in per_model.items():
            removed[label] = removed.get(label, 0) + count
        return


def erase_person(candidate) -> dict[str, int]:
    """Removes the person and everything about them, history and access log included, in
    one transaction as the owner. Returns the number of rows removed per table (no names)."""
    from candidates.models import Document

    from .models import AccessLog

    removed: dict[str, int] = {}
    with as_owner(connection), transaction.atomic(), pgtrigger.ignore(*APPEND_ONLY_TRIGGERS):
        files = [
            (document.file.storage, document.file.name)
            for document in Document.objects.filter(candidate=candidate)
        ]
        placement_ids = list(candidate.placements.values_list("pk", flat=True))
        log = AccessLog.objects.filter(
            Q(subject_type="candidate", subject_id=candidate.pk)
            | Q(subject_type="placement", subject_id__in=placement_ids)
        )
        removed["core_accesslog"] = log.delete()[0]
        collected: dict = {}
        _delete_graph([candidate], collected, removed)
        # The history of every removed record, and the delete events just written.
        for event_model, pks in _history_of(collected):
            rows = event_model.objects.filter(pgh_obj_id__in=pks)
            count = rows.delete()[0]
            if count:
                removed[event_model._meta.db_table] = count
        for storage, name in files:
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    return removed


def purge(*, on: date | None = None, dry_run: bool = True) -> dict[str, int]:
    """What retention removes on `on`, counted per kind; removed unless `dry_run`."""
    from django.contrib.sessions.models import Session

    from candidates.models import Candidate, ConversationDraft, Document

    from .models import AccessLog

    on = on or timezone.localdate()
    people = {kind: people_due(kind, on=on) for kind in ("never_placed", "former_participant")}
    drafts_cutoff = timezone.now() - timedelta(days=period("drafts"))
    log_cutoff = timezone.now() - timedelta(days=period("access_log"))
    drafts = ConversationDraft.objects.filter(updated_at__lt=drafts_cutoff)
    documents = Document.objects.filter(retain_until__lt=on)
    log = AccessLog.objects.filter(at__lt=log_cutoff)
    sessions = Session.objects.filter(expire_date__lt=timezone.now())
    from .models import ErasureRequest
    from .workbook.models import WorkbookUpload

    # An uploaded workbook holds a municipality's people: kept one day, imported or not.
    uploads = WorkbookUpload.objects.filter(uploaded_at__lt=timezone.now() - timedelta(days=1))

    counts = {
        "erasure_requests": ErasureRequest.objects.filter(done_at__isnull=True).count(),
        "never_placed": people["never_placed"].count(),
        "former_participant": people["former_participant"].count(),
        "documents": documents.count(),
        "drafts": drafts.count(),
        "access_log": log.count(),
        "sessions": sessions.count(),
        "workbook_uploads": uploads.count(),
    }
    if dry_run:
        return counts
    _carry_out_erasures()
    for kind in ("never_placed", "former_participant"):
        for pk in list(people[kind].values_list("pk", flat=True)):
            person = Candidate.objects.filter(pk=pk).first()
            if person is not None:  # (not erased on request just now)
                erase_person(person)
    from candidates.services import document_delete

    with as_owner(connection):
        for document in documents:
            with transaction.atomic():
                document_delete(document=document)
        drafts.delete()
        sessions.delete()
        uploads.delete()
        with transaction.atomic(), pgtrigger.ignore(*APPEND_ONLY_TRIGGERS):
            log.delete()
    return counts


def period_set(*, kind: str, days: int) -> None:
    """The functional admin's period for `kind`, within the rule's legal bounds."""
    from .models import RetentionPeriod

    chosen = RetentionPeriod.objects.filter(kind=kind).first() or RetentionPeriod(kind=kind)
    chosen.days = days
    chosen.full_clean()
    chosen.save()


def periods() -> list[dict]:
    """Every rule with its period now (one query), for the settings page."""
    from .models import RetentionPeriod

    chosen = dict(RetentionPeriod.objects.values_list("kind", "days"))
    return [
        {
            "rule": rule,
            "days": chosen.get(rule.kind, rule.default_days),
            "chosen": rule.kind in chosen,
        }
        for rule in RULES
    ]


def erasure_refusal(candidate, *, on: date | None = None) -> str | None:
    """Why the person may not be erased now (a legal retention duty), or None."""
    on = on or timezone.localdate()
    placements = list(candidate.placements.values_list("end_date", flat=True))
    if not placements:
        return None
    if any(end is None or end >= on for end in placements):
        return str(
            _(
                "Deze persoon is nog in dienst. De loonadministratie moet bewaard blijven; wissen "
                "kan pas zeven jaar na het einde van het dienstverband."
            )
        )
    until = max(placements) + timedelta(days=RULES_BY_KIND["former_participant"].min_days)
    if until > on:
        return str(
            _(
                "De fiscale bewaarplicht (art. 52 AWR) geldt tot %(date)s: de gegevens van het "
                "dienstverband mogen tot dan niet worden gewist."
            )
            % {"date": date_format(until, "j F Y")}
        )
    return None


def erasure_request(*, user, candidate_pk: int, ground: str):
    """AVG art. 17: the functional admin records that the person is to be erased. Refused
    at once while a retention duty applies (the reason is shown); carried out by the next
    run of the retention job, through the same path as retention."""
    from django.core.exceptions import ValidationError

    from candidates.models import Candidate

    from .models import ErasureRequest

    candidate = Candidate.objects.filter(pk=candidate_pk).first()
    if candidate is None:
        raise ValidationError({"nummer": _("Er is geen persoon met dit nummer.")})
    refusal = erasure_refusal(candidate)
    if refusal:
        raise ValidationError({"nummer": refusal})
    if ErasureRequest.objects.filter(candidate_id=candidate_pk, done_at__isnull=True).exists():
        raise ValidationError({"nummer": _("Voor deze persoon staat al een verzoek klaar.")})
    request = ErasureRequest(candidate_id=candidate_pk, ground=ground, requested_by=user)
    request.full_clean()
    request.save()
    return request


def _carry_out_erasures() -> int:
    """The pending erasure requests, each checked again and carried out (or refused)."""
    from candidates.models import Candidate

    from .models import ErasureRequest

    done = 0
    for request in ErasureRequest.objects.filter(done_at__isnull=True).order_by("pk"):
        candidate = Candidate.objects.filter(pk=request.candidate_id).first()
        refusal = erasure_refusal(candidate) if candidate else None
        removed = erase_person(candidate) if candidate and not refusal else {}
        request.done_at = timezone.now()
        request.rows_removed = sum(removed.values())
        request.refused = refusal or ""
        request.save(update_fields=["done_at", "rows_removed", "refused"])
        done += 1
    return done
