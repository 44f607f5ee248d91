"""Every write of the core app. Keyword-only arguments, atomic, validated before saving."""

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessLog, MunicipalityProfile, ReferenceItem, User, VersionedModel, Wijk
from .roles import FUNCTIONAL_ADMIN


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


def versioned_update(*, instance: VersionedModel, expected_version: int, fields: list[str]) -> None:
    """Save `fields` of `instance` only if its stored version is still `expected_version`.

    The check and the write are one UPDATE statement, so two concurrent saves cannot both win.
    """
    instance.full_clean()
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


@transaction.atomic
def wijk_create(*, name: str, kind: str, active: bool = True) -> Wijk:
    wijk = Wijk(name=name.strip(), kind=kind, active=active)
    wijk.full_clean()
    wijk.save()
    return wijk


@transaction.atomic
def wijk_update(*, wijk: Wijk, expected_version: int, name: str, kind: str, active: bool) -> Wijk:
    fields = assign_fields(wijk, {"name": name.strip(), "kind": kind, "active": active})
    versioned_update(instance=wijk, expected_version=expected_version, fields=fields)
    return wijk


def profile_get_or_create() -> MunicipalityProfile:
    profile, _created = MunicipalityProfile.objects.get_or_create(
        pk=1, defaults={"name": _("Gemeente")}
    )
    return profile


@transaction.atomic
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


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Give the user a fresh unconfirmed TOTP device (replacing an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when the token matches; other devices of the user are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str, roles: list[Group]) -> User:
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(roles)
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    acting_user: User,
    email: str,
    full_name: str,
    is_active: bool,
    roles: list[Group],
) -> User:
    """Change an account. Nobody can lock themselves out of user management."""
    if user.pk == acting_user.pk:
        if not is_active:
            raise ValidationError({"is_active": _("U kunt uw eigen account niet uitzetten.")})
        if FUNCTIONAL_ADMIN not in {group.name for group in roles}:
            raise ValidationError(
                {"roles": _("U kunt uw eigen rol van functioneel beheerder niet afnemen.")}
            )
    user.email = email.strip().lower()
    user.full_name = full_name.strip()
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "full_name", "is_active"])
    user.groups.set(roles)
    return user


@transaction.atomic
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


@transaction.atomic
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
    *, user: User, action: str, subject_type: str, subject_id: int | None = None, detail: str = ""
) -> AccessLog:
    """Write one access-log entry. Never put a name or BSN in `detail`."""
    return AccessLog.objects.create(
        user=user, action=action, subject_type=subject_type, subject_id=subject_id, detail=detail
    )
