"""Every read of the core app (QuerySets and plain dataclasses, aggregated in SQL)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import AccessLog, MunicipalityProfile, User, Wijk
from .roles import ROLES


@dataclass(frozen=True)
class WijkCounts:
    active_wijken: int
    active_dorpen: int
    inactive: int


@dataclass(frozen=True)
class UserCounts:
    active: int
    inactive: int
    without_role: int
    per_role: dict[str, int]


def wijk_counts() -> WijkCounts:
    """Counts of wijken and dorpen, in one query."""
    row = Wijk.objects.aggregate(
        active_wijken=Count("pk", filter=Q(active=True, kind="wijk")),
        active_dorpen=Count("pk", filter=Q(active=True, kind="dorp")),
        inactive=Count("pk", filter=Q(active=False)),
    )
    return WijkCounts(**row)


def user_counts() -> UserCounts:
    """Active and inactive accounts, and active accounts per role, in one query."""
    per_role = {
        f"role_{i}": Count("pk", filter=Q(is_active=True, groups__name=role), distinct=True)
        for i, role in enumerate(ROLES)
    }
    row = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True), distinct=True),
        inactive=Count("pk", filter=Q(is_active=False), distinct=True),
        without_role=Count("pk", filter=Q(is_active=True, groups__isnull=True), distinct=True),
        **per_role,
    )
    return UserCounts(
        active=row["active"],
        inactive=row["inactive"],
        without_role=row["without_role"],
        per_role={role: row[f"role_{i}"] for i, role in enumerate(ROLES)},
    )


WIJK_SORTS = {"naam": "name", "-naam": "-name", "soort": "kind", "-soort": "-kind"}


def wijk_list(*, show_inactive: bool = False, sort: str = "naam") -> QuerySet[Wijk]:
    qs = Wijk.objects.all() if show_inactive else Wijk.objects.active()
    return qs.order_by(WIJK_SORTS.get(sort, "name"), "name")


def profile_get() -> MunicipalityProfile | None:
    """The municipality profile, without the logo bytes."""
    return MunicipalityProfile.objects.defer("logo").filter(pk=1).first()


def profile_logo() -> tuple[bytes, str] | None:
    row = MunicipalityProfile.objects.filter(pk=1).values_list("logo", "logo_content_type").first()
    if not row or not row[1]:
        return None
    return bytes(row[0]), row[1]


USER_SORTS = {"naam": "full_name", "-naam": "-full_name", "email": "email", "-email": "-email"}


def user_list(*, search: str = "", sort: str = "naam") -> QuerySet[User]:
    """Accounts with their roles (prefetched: two queries whatever the number of users)."""
    qs = User.objects.prefetch_related("groups")
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return qs.order_by(USER_SORTS.get(sort, "full_name"), "pk")


def access_log_list(
    *, user_id: int | None = None, subject_type: str = "", subject_id: int | None = None
) -> QuerySet[AccessLog]:
    qs = AccessLog.objects.select_related("user")
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    return qs.order_by("-at", "-pk")
