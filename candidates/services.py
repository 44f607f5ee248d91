"""Every write of the candidates app: keyword-only, atomic, validated before saving."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.dates import add_years
from basisbaan.integrity import atomic_service
from basisbaan.models import AccessAction, AccessPurpose, TaskType, User, Wijk
from basisbaan.services import (
    StaleObjectError,
    access_log_record,
    assign_fields,
    versioned_update,
)

from .models import (
    RETENTION_YEARS,
    BreakGlassAccess,
    Candidate,
    ConversationDraft,
    Document,
    ExclusionReason,
    IntakeConversation,
    PriorInstrument,
    SelectionDecision,
    Topic,
)
from .selectors import guideline_check

CANDIDATE_FIELDS = [
    "bsn",
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "household",
    "number_of_children",
    "home_wijk",
    "team",
    "on_assistance_since",
    "referral_source",
    "coach",
    "registered_on",
    "available_hours",
    "physical_capacity",
]


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(CANDIDATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    cleaned = dict(values)
    for name in ("first_name", "last_name", "bsn"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


@atomic_service
def candidate_create(
    *,
    values: dict[str, Any],
    preferred_task_types: list[TaskType] | None = None,
    wijken_within_reach: list[Wijk] | None = None,
) -> Candidate:
    candidate = Candidate(**_clean_values(values))
    candidate.full_clean()
    candidate.save()
    if preferred_task_types:  # a new person has none yet: no query to clear them
        candidate.preferred_task_types.set(preferred_task_types)
    if wijken_within_reach:
        candidate.wijken_within_reach.set(wijken_within_reach)
    return candidate


@atomic_service
def candidate_update(
    *,
    candidate: Candidate,
    expected_version: int,
    values: dict[str, Any],
    preferred_task_types: list[TaskType],
    wijken_within_reach: list[Wijk],
) -> Candidate:
    fields = assign_fields(candidate, _clean_values(values))
    versioned_update(instance=candidate, expected_version=expected_version, fields=fields)
    candidate.preferred_task_types.set(preferred_task_types)
    candidate.wijken_within_reach.set(wijken_within_reach)
    return candidate


@atomic_service
def prior_instrument_add(
    *,
    candidate: Candidate,
    kind: str,
    start_date: date,
    end_date: date | None,
    led_to_paid_work: bool,
    note: str = "",
) -> PriorInstrument:
    instrument = PriorInstrument(
        candidate=candidate,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        led_to_paid_work=led_to_paid_work,
        note=note.strip(),
    )
    instrument.full_clean()
    instrument.save()
    return instrument


@atomic_service
def prior_instrument_delete(*, instrument: PriorInstrument) -> None:
    instrument.delete()


def _ordered_topics(topics: list[str]) -> list[str]:
    """Each topic once, in the order of the checklist."""
    return [value for value in Topic.values if value in set(topics)]


def conversation_draft_save(*, user: User, candidate: Candidate, data: dict[str, Any]) -> None:
    """Keep what the user typed (raw form values), replacing the earlier draft."""
    ConversationDraft.objects.update_or_create(
        user=user, candidate=candidate, defaults={"data": data}
    )


def conversation_draft_discard(*, user: User, candidate: Candidate) -> None:
    ConversationDraft.objects.filter(user=user, candidate=candidate).delete()


@atomic_service
def conversation_create(
    *,
    candidate: Candidate,
    coach: User,
    date: date,
    duration_minutes: int,
    kind: str,
    topics: list[str],
    notes: str,
    confidential: bool = False,
) -> IntakeConversation:
    """Save a conversation; the coach's draft for this candidate is removed in the same
    transaction, so either both happen or neither."""
    conversation = IntakeConversation(
        candidate=candidate,
        coach=coach,
        date=date,
        duration_minutes=duration_minutes,
        kind=kind,
        topics=_ordered_topics(topics),
        notes=notes.strip(),
        confidential=confidential,
    )
    conversation.full_clean()
    conversation.save()
    conversation_draft_discard(user=coach, candidate=candidate)
    return conversation


@atomic_service
def conversation_update(
    *,
    conversation: IntakeConversation,
    expected_version: int,
    date: date,
    duration_minutes: int,
    kind: str,
    topics: list[str],
    notes: str,
    confidential: bool = False,
) -> IntakeConversation:
    values = {
        "date": date,
        "duration_minutes": duration_minutes,
        "kind": kind,
        "topics": _ordered_topics(topics),
        "notes": notes.strip(),
        "confidential": confidential,
    }
    fields = assign_fields(conversation, values)
    versioned_update(instance=conversation, expected_version=expected_version, fields=fields)
    return conversation


@atomic_service
def decision_record(
    *,
    candidate: Candidate,
    outcome: str,
    exclusion_reason: ExclusionReason | None,
    motivation: str,
    decided_on: date,
    decided_by: User,
    based_on: int | None = None,
) -> SelectionDecision:
    """Record a selection decision with the guideline check as it stood on the decision date.

    A later decision corrects an earlier one; the earlier one stays in the history.
    `based_on`: the pk of the latest decision the user saw (0 for none); when someone else
    recorded a decision since, this one is refused (StaleObjectError) instead of silently
    overriding it.
    """
    # Lock the candidate row: two decisions saved at once are serialised.
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    if based_on is not None:
        latest = candidate.decisions.order_by("-pk").values_list("pk", flat=True).first() or 0
        if latest != based_on:
            raise StaleObjectError
    if not candidate.conversations.filter(date__lte=decided_on).exists():
        raise ValidationError(
            {
                "decided_on": _(
                    "Voer eerst een intakegesprek op dat vóór of op de besluitdatum ligt."
                )
            }
        )
    check = guideline_check(
        on_assistance_since=candidate.on_assistance_since,
        earlier_paid_work=candidate.prior_instruments.filter(led_to_paid_work=True).exists(),
        on=decided_on,
    )
    decision = SelectionDecision(
        candidate=candidate,
        outcome=outcome,
        exclusion_reason=exclusion_reason,
        motivation=motivation.strip(),
        decided_on=decided_on,
        decided_by=decided_by,
        meets_guideline=check.met,
        guideline_explanation=check.text,
    )
    decision.full_clean()
    decision.save()
    return decision


@atomic_service
def break_glass_open(*, user: User, candidate: Candidate, reason: str) -> BreakGlassAccess:
    """Open `candidate`'s dossier for `user` outside their teams for BREAK_GLASS_HOURS, with
    the reason on record (and in the access log, which the functional admin reads)."""
    now = timezone.now()
    access = BreakGlassAccess(
        user=user,
        candidate=candidate,
        reason=reason.strip(),
        opened_at=now,
        expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    access.full_clean()
    access.save()
    access_log_record(
        user=user,
        action=AccessAction.BREAK_GLASS,
        subject_type="candidate",
        subject_id=candidate.pk,
        purpose=AccessPurpose.BREAK_GLASS,
        detail=f"doorbraak {access.pk}",
    )
    return access


# --- documents -------------------------------------------------------------------------------


@atomic_service
def document_add(
    *,
    candidate: Candidate,
    uploaded_by: User,
    title: str,
    kind: str,
    confidentiality: str,
    upload,
) -> Document:
    """Store an uploaded file in the dossier: refused when larger than DOCUMENT_MAX_BYTES or
    not of an accepted type by its content. The retention date follows from the kind."""
    from django.conf import settings
    from django.core.files.base import ContentFile

    from basisbaan.uploads import UploadRefused, document_type

    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("Het bestand is groter dan %(mb)s MB.")
                % {"mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    content = upload.read(settings.DOCUMENT_MAX_BYTES + 1)
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError({"upload": _("Het bestand is te groot.")})
    try:
        content_type, extension = document_type(content)
    except UploadRefused as exc:
        raise ValidationError({"upload": str(exc)}) from None
    today = timezone.localdate()
    document = Document(
        candidate=candidate,
        title=title.strip(),
        kind=kind,
        confidentiality=confidentiality,
        original_name=_safe_name(upload.name, extension),
        content_type=content_type,
        size=len(content),
        uploaded_by=uploaded_by,
        retain_until=add_years(today, RETENTION_YEARS[kind]),
    )
    document.full_clean(exclude=["file"])
    document.file.save(extension, ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        # The row was not written: no file without its row.
        document.file.storage.delete(document.file.name)
        raise
    return document


def _safe_name(name: str, extension: str) -> str:
    """The uploaded file's name for the download, with the extension of what it really is."""
    import os

    stem = os.path.splitext(os.path.basename(name or ""))[0].strip()[:150] or "document"
    return f"{stem}.{extension}"


@atomic_service
def document_delete(*, document: Document) -> None:
    """Remove a document and, once the deletion is committed, its file."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
