"""Every URL pattern, for every role: allowed roles get it, others 403, anonymous to login.

`URL_ACCESS` must name every URL pattern of the project (Django admin aside): a new URL
without an entry here fails `test_every_url_pattern_is_covered`.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from basisbaan.roles import (
    COACH,
    EXECUTIVE_STAFF,
    FUNCTIONAL_ADMIN,
    PARTY_COACH,
    POLICY_ADMIN,
    ROLES,
)
from tests.factories import CandidateFactory, ConversationFactory, WijkFactory

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
PUBLIC = "public"

# url name -> (kwargs builder, roles allowed, or PUBLIC)
URL_ACCESS = {
    "home": (dict, ALL),
    "healthz": (dict, PUBLIC),
    "favicon": (dict, PUBLIC),
    "login": (dict, PUBLIC),
    "logout": (dict, ALL),  # POST only; checked in test_auth
    "set_language": (dict, PUBLIC),  # POST only; checked in test_language
    "otp_setup": (dict, ALL),
    "otp_verify": (dict, ALL),
    "activate": (lambda: {"token": _activation_token()}, PUBLIC),
    "password_reset": (dict, PUBLIC),
    "password_reset_done": (dict, PUBLIC),
    # An invalid link shows its Dutch explanation (a valid one redirects to itself).
    "password_reset_confirm": (lambda: {"uidb64": "MQ", "token": "ongeldig"}, PUBLIC),
    "password_reset_complete": (dict, PUBLIC),
    "wijk_list": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "wijk_create": (dict, {POLICY_ADMIN}),
    "wijk_update": (lambda: {"pk": WijkFactory().pk}, {POLICY_ADMIN}),
    "profile_detail": (dict, {FUNCTIONAL_ADMIN}),
    "profile_update": (dict, {FUNCTIONAL_ADMIN}),
    "profile_logo": (dict, ALL),  # the letterhead logo; 404 while there is none
    "user_list": (dict, {FUNCTIONAL_ADMIN}),
    "user_create": (dict, {FUNCTIONAL_ADMIN}),
    "user_update": (lambda: {"pk": _any_user_pk()}, {FUNCTIONAL_ADMIN}),
    "user_activation": (lambda: {"pk": _any_user_pk()}, {FUNCTIONAL_ADMIN}),
    "access_log": (dict, {FUNCTIONAL_ADMIN}),
    "retention": (dict, {FUNCTIONAL_ADMIN}),
    "erasure": (dict, {FUNCTIONAL_ADMIN}),
    "my_settings": (dict, ALL),
    "coaching:party_home": (dict, {PARTY_COACH}),
    "coaching:party_week": (dict, {PARTY_COACH}),
    "work_count": (dict, {COACH}),
    "tasktype_list": (dict, {POLICY_ADMIN}),
    "tasktype_create": (dict, {POLICY_ADMIN}),
    "tasktype_update": (lambda: {"pk": _task_type_pk()}, {POLICY_ADMIN}),
    "candidates:list": (dict, {COACH}),
    "candidates:create": (dict, {COACH}),
    "candidates:export": (dict, {COACH}),
    "candidates:funnel": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "candidates:detail": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:update": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:instrument_create": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:instrument_delete": (lambda: _instrument_kwargs(), {COACH}),
    "candidates:conversation_create": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:conversation_update": (lambda: _conversation_kwargs(), {COACH}),
    "candidates:draft_save": (lambda: {"pk": CandidateFactory().pk}, {COACH}),  # POST only
    "candidates:draft_discard": (lambda: {"pk": CandidateFactory().pk}, {COACH}),  # POST only
    "candidates:decision_create": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    # Break-glass: a person outside the coach's teams (the form asking for a reason).
    "candidates:break_glass": (lambda: {"pk": _outside_candidate_pk()}, {COACH}),
    "candidates:break_glass_list": (dict, {FUNCTIONAL_ADMIN}),
    "candidates:exclusionreason_list": (dict, {POLICY_ADMIN}),
    "candidates:exclusionreason_create": (dict, {POLICY_ADMIN}),
    "candidates:exclusionreason_update": (lambda: {"pk": _exclusion_reason_pk()}, {POLICY_ADMIN}),
    "tasks:list": (dict, {COACH, POLICY_ADMIN}),
    "tasks:create": (dict, {POLICY_ADMIN}),
    "tasks:detail": (lambda: {"pk": _task().pk}, {COACH, POLICY_ADMIN}),
    "tasks:update": (lambda: {"pk": _task().pk}, {POLICY_ADMIN}),
    "tasks:check": (lambda: {"pk": _task().pk}, {POLICY_ADMIN}),
    "tasks:organisation_list": (dict, {POLICY_ADMIN}),
    "tasks:organisation_create": (dict, {POLICY_ADMIN}),
    "tasks:organisation_update": (lambda: {"pk": _task().organisation_id}, {POLICY_ADMIN}),
    "placements:list": (dict, {COACH}),
    "placements:contracts_ending": (dict, {COACH}),
    "placements:overview": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "placements:sick_reports": (dict, {COACH}),
    "placements:sick_report": (lambda: {"pk": _sick_report().pk}, {COACH}),
    "placements:national_rates": (dict, {POLICY_ADMIN}),
    "placements:matching": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "placements:create": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "placements:detail": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:renew": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:convert": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:hours": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:end": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:assignment_add": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:assignment_end": (lambda: _assignment_kwargs(), {COACH}),
    "placements:sick_report_create": (lambda: {"pk": _placement().pk}, {COACH}),
    "placements:employer_list": (dict, {POLICY_ADMIN}),
    "placements:employer_create": (dict, {POLICY_ADMIN}),
    "placements:employer_update": (lambda: {"pk": _placement().employer_id}, {POLICY_ADMIN}),
    "reference_lists": (dict, {POLICY_ADMIN}),
    "coaching:dashboard": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "coaching:week": (dict, {COACH}),
    "coaching:import": (dict, {COACH}),
    "coaching:import_template": (dict, {COACH}),
    "coaching:measurements_due": (dict, {COACH}),
    "coaching:measurement_add": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "coaching:person": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "coaching:entry_add": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),  # POST only
    "coaching:referral_add": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "coaching:referral_update": (lambda: {"pk": _referral().pk}, {COACH}),
    "coaching:contact": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "coaching:settings": (dict, {POLICY_ADMIN}),
    "coaching:party_list": (dict, {COACH, POLICY_ADMIN}),  # coaches pick parties
    "coaching:party_create": (dict, {POLICY_ADMIN}),
    "coaching:party_update": (lambda: {"pk": _party().pk}, {POLICY_ADMIN}),
    "coaching:domain_list": (dict, {POLICY_ADMIN}),
    "coaching:domain_create": (dict, {POLICY_ADMIN}),
    "coaching:domain_update": (lambda: {"pk": _domain_pk()}, {POLICY_ADMIN}),
    "finance:overview": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "finance:export": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),  # totals only
    "finance:parameters": (dict, {POLICY_ADMIN}),
    "finance:parameters_create": (dict, {POLICY_ADMIN}),
    "finance:parameters_update": (lambda: {"year": _parameters_year()}, {POLICY_ADMIN}),
    "finance:contributions": (dict, {POLICY_ADMIN}),
    "finance:contribution_delete": (lambda: {"pk": _contribution().pk}, {POLICY_ADMIN}),
    "finance:budgets": (dict, {POLICY_ADMIN}),
    "finance:source_list": (dict, {POLICY_ADMIN}),
    "finance:source_create": (dict, {POLICY_ADMIN}),
    "finance:source_update": (lambda: {"pk": _source_pk()}, {POLICY_ADMIN}),
    "letters:list": (dict, {COACH, POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:detail": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),  # coach: 404
    "letters:preview": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:pdf": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:finalise": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:figures_refresh": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:section": (
        lambda: {"pk": _letter().pk, "key": "opening"},
        {POLICY_ADMIN, EXECUTIVE_STAFF},
    ),
    "candidates:documents": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:subject_access": (lambda: {"pk": CandidateFactory().pk}, {COACH}),
    "candidates:document_download": (
        lambda: {"pk": _document().candidate_id, "document_pk": _document().pk},
        {COACH},
    ),
    "candidates:document_delete": (
        lambda: {"pk": _document().candidate_id, "document_pk": _document().pk},
        {COACH},
    ),
    "coaching:party_assign": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "coaching:party_assignment_end": (
        lambda: {"candidate_pk": _assignment().candidate_id, "pk": _assignment().pk},
        {COACH},
    ),
    "plan:detail": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "plan:print": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "plan:goal_add": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "plan:goal_status": (
        lambda: {"candidate_pk": _goal().candidate_id, "goal_pk": _goal().pk},
        {COACH},
    ),
    "plan:action_add": (
        lambda: {"candidate_pk": _goal().candidate_id, "goal_pk": _goal().pk},
        {COACH},
    ),
    "plan:action_status": (
        lambda: {"candidate_pk": _action().goal.candidate_id, "action_pk": _action().pk},
        {COACH},
    ),
    "plan:review_add": (lambda: {"candidate_pk": CandidateFactory().pk}, {COACH}),
    "letters:section_add": (lambda: {"pk": _letter().pk}, {POLICY_ADMIN, EXECUTIVE_STAFF}),
    "letters:section_move": (
        lambda: {"pk": _letter_with_free_section().pk, "key": "vrij-1"},
        {POLICY_ADMIN, EXECUTIVE_STAFF},
    ),
    "letters:section_remove": (
        lambda: {"pk": _letter_with_free_section().pk, "key": "vrij-1"},
        {POLICY_ADMIN, EXECUTIVE_STAFF},
    ),
    "workbook:start": (dict, {POLICY_ADMIN, FUNCTIONAL_ADMIN}),
    "workbook:template": (dict, {POLICY_ADMIN, FUNCTIONAL_ADMIN}),
    "workbook:export": (dict, {FUNCTIONAL_ADMIN}),
    # An upload is its uploader's alone (the policy admin here): anyone else gets a 404.
    "workbook:upload": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
    "workbook:columns": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
    "workbook:values": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
    "workbook:check": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
    "workbook:confirm": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
    "workbook:delete": (lambda: {"pk": _workbook_upload().pk}, {POLICY_ADMIN}),
}

# Drafts are outside a coach's reach: 404, not 403 (their existence is not revealed).
NOT_FOUND_FOR = {
    ("letters:detail", COACH),
    ("letters:preview", COACH),
    ("letters:pdf", COACH),
    ("workbook:upload", FUNCTIONAL_ADMIN),
}

# Reached only in particular states; their behaviour is tested in their own modules.
POST_ONLY = {
    "letters:figures_refresh",
    "candidates:draft_save",
    "candidates:draft_discard",
    "coaching:entry_add",
    "letters:section",
    "letters:section_move",
    "plan:goal_status",
    "plan:action_status",
    "coaching:party_assign",
    "coaching:party_assignment_end",
    "plan:review_add",
    "workbook:columns",
    "workbook:values",
    "workbook:check",
    "workbook:confirm",
    "workbook:delete",
}
GET_NOT_APPLICABLE = {"logout", "set_language", *POST_ONLY}
STATE_DEPENDENT = {"otp_setup", "otp_verify", "profile_logo"}


def _activation_token() -> str:
    from basisbaan import services
    from tests.factories import UserFactory

    return services.activation_issue(user=UserFactory(), acting_user=None)


def _outside_candidate_pk() -> int:
    from tests.factories import TeamFactory

    return CandidateFactory(team=TeamFactory()).pk


def _any_user_pk() -> int:
    from basisbaan.models import User

    return User.objects.order_by("pk").values_list("pk", flat=True).first()


def _task_type_pk() -> int:
    from basisbaan.models import TaskType

    return TaskType.objects.create(name="Zwerfafval").pk


def _exclusion_reason_pk() -> int:
    from candidates.models import ExclusionReason

    return ExclusionReason.objects.order_by("pk").values_list("pk", flat=True).first()


def _instrument_kwargs() -> dict:
    from candidates.models import PriorInstrument

    candidate = CandidateFactory()
    instrument = PriorInstrument.objects.create(
        candidate=candidate, kind="overig", start_date=date(2020, 1, 1)
    )
    return {"pk": candidate.pk, "instrument_pk": instrument.pk}


def _conversation_kwargs() -> dict:
    conversation = ConversationFactory()
    return {"pk": conversation.candidate_id, "conversation_pk": conversation.pk}


def _task():
    from basisbaan.models import TaskType
    from placements.models import Organisation, Task

    organisation = Organisation.objects.create(
        name=f"Org {Organisation.objects.count()}", kind="overig"
    )
    return Task.objects.create(
        organisation=organisation,
        wijk=WijkFactory(),
        task_type=TaskType.objects.get_or_create(name="T")[0],
        title="Taak",
        hours_per_week=10,
        places=1,
        physical_demand="licht",
    )


def _placement():
    from placements.models import Contract, ContractHours, Employer, Placement

    candidate = CandidateFactory()
    employer = Employer.objects.get_or_create(name="Werkgever")[0]
    placement = Placement.objects.create(
        candidate=candidate,
        employer=employer,
        primary_wijk=candidate.home_wijk,
        start_date=date(2026, 1, 1),
    )
    contract = Contract.objects.create(
        placement=placement, kind="onbepaald", start_date=date(2026, 1, 1)
    )
    ContractHours.objects.create(contract=contract, valid_from=date(2026, 1, 1), hours_per_week=32)
    return placement


def _sick_report():
    from placements.models import SickReport

    return SickReport.objects.create(placement=_placement(), first_day=date(2026, 2, 1))


def _assignment_kwargs() -> dict:
    from placements.models import TaskAssignment

    placement = _placement()
    assignment = TaskAssignment.objects.create(
        placement=placement, task=_task(), hours_per_week=10, start_date=date(2026, 1, 1)
    )
    return {"pk": placement.pk, "assignment_pk": assignment.pk}


def _party():
    from coaching.models import GuidanceParty

    return GuidanceParty.objects.create(name=f"Partij {GuidanceParty.objects.count()}")


def _domain_pk() -> int:
    from coaching.models import WellbeingDomain

    return WellbeingDomain.objects.order_by("pk").values_list("pk", flat=True).first()


def _referral():
    from coaching.models import Referral
    from tests.factories import UserFactory

    return Referral.objects.create(
        candidate=CandidateFactory(), kind="gkb", date=date(2026, 1, 5), referred_by=UserFactory()
    )


def _parameters_year() -> int:
    from finance.models import CostParameters

    return CostParameters.objects.get_or_create(year=2025)[0].year


def _contribution():
    from finance.models import Contribution
    from placements.models import Organisation

    organisation = Organisation.objects.create(
        name=f"Org {Organisation.objects.count()}", kind="overig"
    )
    return Contribution.objects.create(organisation=organisation, date=date(2026, 1, 1), amount=100)


def _source_pk() -> int:
    from finance.models import FundingSource

    return FundingSource.objects.order_by("pk").values_list("pk", flat=True).first()


def _letter():
    from basisbaan.letters.models import CouncilLetter
    from tests.factories import UserFactory

    return CouncilLetter.objects.create(
        year=2026,
        quarter=1,
        letter_version=CouncilLetter.objects.count() + 1,
        subject="Brief",
        addressee="Aan de raad",
        letter_date=date(2026, 4, 1),
        created_by=UserFactory(),
        sections={"opening": "Geachte leden van de raad,"},
    )


def _document():
    """One document (the same one however often asked) in a dossier of the coach's team."""
    from django.core.files.base import ContentFile

    from candidates.models import Document
    from tests.factories import CandidateFactory, UserFactory

    existing = Document.objects.order_by("pk").first()
    if existing:
        return existing
    document = Document(
        candidate=CandidateFactory(),
        title="Arbeidsovereenkomst",
        kind="contract",
        original_name="contract.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=UserFactory(),
        retain_until=date(2033, 1, 1),
    )
    document.file.save("pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    document.save()
    return document


def _assignment():
    from coaching.models import GuidanceParty, PartyAssignment
    from tests.factories import CandidateFactory

    return PartyAssignment.objects.order_by("pk").first() or PartyAssignment.objects.create(
        candidate=CandidateFactory(),
        party=GuidanceParty.objects.get_or_create(name="Werkpad")[0],
        start_date=date(2026, 1, 5),
    )


def _goal():
    from coaching.models import PlanGoal
    from tests.factories import CandidateFactory

    return PlanGoal.objects.order_by("pk").first() or PlanGoal.objects.create(
        candidate=CandidateFactory(), domain="werk", description="Ik wil 24 uur werken."
    )


def _action():
    from coaching.models import PlanAction

    return PlanAction.objects.order_by("pk").first() or PlanAction.objects.create(
        goal=_goal(), description="Rooster bespreken", owner="coach", due_date=date(2026, 12, 1)
    )


def _letter_with_free_section():
    letter = _letter()
    letter.free_sections = {"vrij-1": "Een project in de wijk"}
    letter.section_order = [key for key, _title, _free in letter.outline()]
    letter.save()
    return letter


def _workbook_upload():
    """An upload of the (first) policy admin that still needs its sheet, a column and two
    values mapped, so its page shows every mapping form."""
    from basisbaan.models import User
    from basisbaan.workbook.services import upload_store
    from tests.factories import UserFactory

    owner = User.objects.filter(groups__name=POLICY_ADMIN).order_by("pk").first()
    owner = owner or UserFactory(roles=[POLICY_ADMIN])
    upload = upload_store(
        user=owner,
        tables={
            "Cliënten": [["Burgerservicenummer", "Naam"], ["111222333", "Anna"]],
            "Taken": [
                ["Organisatie", "Wijk", "Korte omschrijving", "Dagdeel"],
                ["X", "Y", "Z", "1"],
            ],
        },
    )
    upload.result = {
        "problems": [{"sheet": "Taken", "row": 2, "column": "Wijk", "message": "Onbekende wijk"}],
        "unknown_values": {"ref:wijk": ["Y"], "bool": ["misschien"]},
        "counts": {},
    }
    upload.save()
    return upload


def _named_patterns(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_pattern_is_covered():
    assert _named_patterns(get_resolver()) == set(URL_ACCESS)


@pytest.mark.parametrize("name", sorted(set(URL_ACCESS) - GET_NOT_APPLICABLE))
def test_anonymous_users_go_to_login(name, coach):
    build, allowed = URL_ACCESS[name]
    url = reverse(name, kwargs=build())
    response = Client().get(url)
    if allowed == PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", sorted(set(URL_ACCESS) - GET_NOT_APPLICABLE - STATE_DEPENDENT - {"login"})
)
def test_role_access(name, role, users_by_role, client_as):
    build, allowed = URL_ACCESS[name]
    url = reverse(name, kwargs=build())
    response = client_as(users_by_role[role]).get(url)
    if allowed == PUBLIC or role in allowed:
        assert response.status_code == 200, (name, role)
    elif (name, role) in NOT_FOUND_FOR:
        assert response.status_code == 404, (name, role)
    else:
        assert response.status_code == 403, (name, role)
        assert "Geen toegang" in response.content.decode()


@pytest.mark.parametrize("name", ["wijk_list", "profile_detail", "user_list"])
def test_user_without_role_reaches_nothing(name, no_role_user, client_as):
    assert client_as(no_role_user).get(reverse(name)).status_code == 403


def test_writes_are_refused_for_roles_without_permission(coach, executive_staff, client_as):
    wijk = WijkFactory(name="Oud")
    for user in (coach, executive_staff):
        response = client_as(user).post(
            reverse("wijk_update", kwargs={"pk": wijk.pk}),
            {"name": "Nieuw", "kind": "wijk", "active": "on", "version": 1},
        )
        assert response.status_code == 403
    wijk.refresh_from_db()
    assert wijk.name == "Oud"


def test_unknown_object_gives_dutch_404(policy_admin, client_as):
    response = client_as(policy_admin).get(reverse("wijk_update", kwargs={"pk": 999999}))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_urls(name, role, users_by_role, client_as):
    build, allowed = URL_ACCESS[name]
    url = reverse(name, kwargs=build())
    client = client_as(users_by_role[role])
    assert client.get(url).status_code in (403, 405)
    response = client.post(url, {"notes": "x"})
    if role in allowed:
        assert response.status_code in (200, 302), (name, role)
    else:
        assert response.status_code in (403, 404), (name, role)


@pytest.mark.parametrize("name", sorted(n for n in URL_ACCESS if n.startswith("candidates:")))
def test_executive_staff_never_reach_personal_data(name, executive_staff, client_as):
    """The alderman's staff: 403 on every dossier URL and every export; only the funnel."""
    build, _allowed = URL_ACCESS[name]
    url = reverse(name, kwargs=build())
    response = client_as(executive_staff).get(url)
    expected = 200 if name == "candidates:funnel" else (403, 405)
    assert (
        response.status_code == expected
        if isinstance(expected, int)
        else response.status_code in expected
    )
