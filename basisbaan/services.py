"""Every write of the core app. Keyword-only arguments, atomic, validated before saving."""

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .integrity import atomic_service
from .models import (
    AccessAction,
    AccessLog,
    AccessPurpose,
    AccountActivation,
    MunicipalityProfile,
    ReferenceItem,
    Team,
    User,
    VersionedModel,
    Wijk,
)


class StaleObjectError(Exception):
    """Someone else saved the record after this user started editing it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Iemand anders heeft dit intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
                "ze staan hieronder nog in het formulier. Open de pagina opnieuw om de nieuwste "
                "gegevens te zien en breng uw wijzigingen dan opnieuw aan."
            )
        )


def versioned_update(
    *,
    instance: VersionedModel,
    expected_version: int,
    fields: list[str],
    exclude: list[str] | None = None,
) -> None:
    """Save `fields` of `instance` only if its stored version is still `expected_version`.

    The check and the write are one UPDATE statement, so two concurrent saves cannot both win.
    """
    instance.full_clean(exclude=exclude)
    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=expected_version)
        .update(**values, version=F("version") + 1)
    )
    if updated != 1:
        raise StaleObjectError
    instance.version = expected_version + 1


def assign_fields(instance: Model, values: dict[str, Any]) -> list[str]:
    for name, value in values.items():
        setattr(instance, name, value)
    return list(values)


@atomic_service
def wijk_create(*, name: str, kind: str, active: bool = True) -> Wijk:
    wijk = Wijk(name=name.strip(), kind=kind, active=active)
    wijk.full_clean()
    wijk.save()
    return wijk


@atomic_service
def wijk_update(*, wijk: Wijk, expected_version: int, name: str, kind: str, active: bool) -> Wijk:
    fields = assign_fields(wijk, {"name": name.strip(), "kind": kind, "active": active})
    versioned_update(instance=wijk, expected_version=expected_version, fields=fields)
    return wijk


def profile_get_or_create() -> MunicipalityProfile:
    profile, _created = MunicipalityProfile.objects.get_or_create(
        pk=1, defaults={"name": _("Gemeente")}
    )
    return profile


@atomic_service
def profile_update(
    *,
    profile: MunicipalityProfile,
    expected_version: int,
    values: dict[str, Any],
    logo: tuple[bytes, str] | None = None,
    remove_logo: bool = False,
) -> MunicipalityProfile:
    """Update the profile; `logo` is (bytes, content type) of an already checked image."""
    fields = assign_fields(profile, values)
    if logo is not None:
        fields += assign_fields(profile, {"logo": logo[0], "logo_content_type": logo[1]})
    elif remove_logo:
        fields += assign_fields(profile, {"logo": None, "logo_content_type": ""})
    versioned_update(instance=profile, expected_version=expected_version, fields=fields)
    return profile


@atomic_service
def totp_device_start(*, user: User) -> TOTPDevice:
    """Give the user a fresh unconfirmed TOTP device (replacing an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@atomic_service
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when the token matches; other devices of the user are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def _membership_set(
    *, user: User, acting_user: User, manager, chosen: list, field: str, action: str, refusal: str
) -> None:
    """Make `manager` (the user's roles or teams) exactly `chosen`. Nobody changes their own;
    every change is written to the access log (the names, which are unique) and, by trigger,
    to the change history."""
    before = {item.name for item in manager.all()}
    after = {item.name for item in chosen}
    if before == after:
        return
    if user.pk == acting_user.pk:
        raise ValidationError({field: refusal})
    manager.set(chosen)
    detail = "; ".join(
        [
            *(f"+{name}" for name in sorted(after - before)),
            *(f"-{name}" for name in sorted(before - after)),
        ]
    )
    access_log_record(
        user=acting_user,
        action=action,
        subject_type="user",
        subject_id=user.pk,
        purpose=AccessPurpose.ADMINISTRATION,
        detail=detail[:200],
    )


def user_roles_set(*, user: User, acting_user: User, roles: list[Group]) -> None:
    """Give `user` exactly `roles` (see `_membership_set`)."""
    _membership_set(
        user=user,
        acting_user=acting_user,
        manager=user.groups,
        chosen=roles,
        field="roles",
        action=AccessAction.ROLE_CHANGE,
        refusal=_("U kunt uw eigen rollen niet wijzigen."),
    )


def user_teams_set(*, user: User, acting_user: User, teams: list[Team]) -> None:
    """Put `user` in exactly `teams`, which decide whose dossiers a coach sees."""
    _membership_set(
        user=user,
        acting_user=acting_user,
        manager=user.teams,
        chosen=teams,
        field="teams",
        action=AccessAction.TEAM_CHANGE,
        refusal=_("U kunt uw eigen teams niet wijzigen."),
    )


def user_parties_set(*, user: User, acting_user: User, parties: list) -> None:
    """Link a guidance party's job coach to their party (which decides whom they see)."""
    _membership_set(
        user=user,
        acting_user=acting_user,
        manager=user.guidance_parties,
        chosen=parties,
        field="parties",
        action=AccessAction.TEAM_CHANGE,
        refusal=_("U kunt uw eigen partij niet wijzigen."),
    )


@atomic_service
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    roles: list[Group],
    acting_user: User,
    teams: list[Team] | None = None,
    parties: list | None = None,
) -> User:
    """A new account; `password` None leaves it unusable until the activation is used."""
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_roles_set(user=user, acting_user=acting_user, roles=roles)
    user_teams_set(user=user, acting_user=acting_user, teams=teams or [])
    user_parties_set(user=user, acting_user=acting_user, parties=parties or [])
    return user


@atomic_service
def user_update(
    *,
    user: User,
    acting_user: User,
    expected_version: int,
    email: str,
    full_name: str,
    is_active: bool,
    roles: list[Group],
    teams: list[Team] | None = None,
    parties: list | None = None,
) -> User:
    """Change an account. Nobody changes their own roles or teams, or switches their own
    account off."""
    if user.pk == acting_user.pk and not is_active:
        raise ValidationError({"is_active": _("U kunt uw eigen account niet uitzetten.")})
    fields = assign_fields(
        user,
        {"email": email.strip().lower(), "full_name": full_name.strip(), "is_active": is_active},
    )
    versioned_update(
        instance=user, expected_version=expected_version, fields=fields, exclude=["password"]
    )
    user_roles_set(user=user, acting_user=acting_user, roles=roles)
    if teams is not None:
        user_teams_set(user=user, acting_user=acting_user, teams=teams)
    if parties is not None:
        user_parties_set(user=user, acting_user=acting_user, parties=parties)
    return user


@atomic_service
def reference_item_create(
    *,
    model: type[ReferenceItem],
    name: str,
    description: str = "",
    position: int = 100,
    active: bool = True,
    **extra: Any,
) -> ReferenceItem:
    """Add an entry to an admin-managed list; `extra` holds the list's own fields."""
    item = model(
        name=name.strip(), description=description, position=position, active=active, **extra
    )
    item.full_clean()
    item.save()
    return item


@atomic_service
def reference_item_update(
    *,
    item: ReferenceItem,
    expected_version: int,
    name: str,
    description: str,
    position: int,
    active: bool,
    **extra: Any,
) -> ReferenceItem:
    values = {
        "name": name.strip(),
        "description": description,
        "position": position,
        "active": active,
        **extra,
    }
    fields = assign_fields(item, values)
    versioned_update(instance=item, expected_version=expected_version, fields=fields)
    return item


def access_log_record(
    *,
    user: User,
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    purpose: str = AccessPurpose.CASEWORK,
    detail: str = "",
) -> AccessLog:
    """Write one access-log entry. Never put a name or BSN in `detail`."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=purpose,
        detail=detail,
    )


def access_log_record_many(
    *,
    user: User,
    action: str,
    subject_type: str,
    subject_ids: list[int],
    purpose: str,
    detail: str = "",
) -> None:
    """One entry per person shown (a list page, search hits, an export), in one INSERT.

    Written as one INSERT ... SELECT over the array of ids rather than through bulk_create:
    every list page logs up to 200 rows, and building a model instance per row took a tenth
    of the candidate list's time. The same columns and values as `access_log_record`."""
    ids = list(subject_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_accesslog"
            " (at, user_id, action, subject_type, subject_id, purpose, detail)"
            " SELECT %s, %s, %s, %s, subject_id, %s, %s FROM unnest(%s::bigint[]) AS subject_id",
            [timezone.now(), user.pk, action, subject_type, purpose, detail, ids],
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@atomic_service
def activation_issue(*, user: User, acting_user: User | None) -> str:
    """A new one-time activation link for `user` (the token is returned once, only its hash
    is kept). Earlier unused links of the user stop working. Nobody issues one for
    themselves: a second factor is always set up through someone else's act."""
    if acting_user is not None and acting_user.pk == user.pk:
        raise ValidationError(_("U kunt geen activeringslink voor uw eigen account maken."))
    now = timezone.now()
    AccountActivation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    AccountActivation.objects.create(
        user=user,
        token_hash=_token_hash(token),
        created_by=acting_user,
        created_at=now,
        expires_at=now + timedelta(hours=settings.ACTIVATION_HOURS),
    )
    if acting_user is not None:
        access_log_record(
            user=acting_user,
            action=AccessAction.ACTIVATION_ISSUED,
            subject_type="user",
            subject_id=user.pk,
            purpose=AccessPurpose.ADMINISTRATION,
        )
    return token


def activation_find(*, token: str) -> AccountActivation | None:
    """The valid (unused, unexpired) activation of `token`, or None."""
    return (
        AccountActivation.objects.select_related("user")
        .filter(
            token_hash=_token_hash(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@atomic_service
def activation_use(*, activation: AccountActivation, password: str) -> User:
    """Set the password and start the second factor afresh (existing authenticators are
    removed); the link is used up. The caller logs the user in and sends them to enrol."""
    claimed = AccountActivation.objects.filter(pk=activation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if claimed != 1:
        raise ValidationError(_("Deze activeringslink is al gebruikt."))
    user = activation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    return user


@atomic_service
def my_settings_update(*, user: User, work_digest: bool) -> User:
    """A user's own preferences (never their roles): the daily work-list e-mail."""
    user.work_digest = work_digest
    user.save(update_fields=["work_digest"])
    return user


@atomic_service
def work_digest_send(*, user: User, on: date) -> bool:
    """Send `user` the day's work-list reminder: the number of things to do per heading and
    a link, no names or other personal data (e-mail is not a safe channel for them). At
    most once a day (the row is locked, so two runs at once send one e-mail); nothing when
    the list is empty. Returns whether an e-mail went out."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation

    from . import worklist

    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.work_digest or locked.work_digest_sent_on == on or not locked.is_active:
        return False
    locked.work_digest_sent_on = on
    locked.save(update_fields=["work_digest_sent_on"])
    headings = [h for h in worklist.work_list(user=locked, on=on) if h.count]
    if not headings:
        return False
    with translation.override("nl"):
        lines = [f"- {h.title}: {h.count}" for h in headings]
        total = sum(h.count for h in headings)
        body = "\n".join(
            [
                _("Goedemorgen %(name)s,") % {"name": locked.get_short_name()},
                "",
                _("Op uw werklijst staan vandaag %(n)s dingen:") % {"n": total},
                *lines,
                "",
                _("Open Basisbaan om ze te bekijken: %(url)s") % {"url": settings.SITE_URL},
                "",
                _("U krijgt deze e-mail omdat u dat in uw instellingen heeft aangezet."),
            ]
        )
        subject = _("Basisbaan: %(n)s dingen op uw werklijst") % {"n": total}
    send_mail(subject, body, None, [locked.email])
    return True
