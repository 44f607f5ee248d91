"""factory-boy factories for the tests."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from basisbaan.models import Team, User, Wijk, WijkKind

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        self.save()
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


DEFAULT_TEAM = "Testteam"


def default_team() -> Team:
    """The team of the `coach` fixture; candidates land in it unless a test says otherwise."""
    return Team.objects.get_or_create(name=DEFAULT_TEAM)[0]


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wijk

    name = factory.Sequence(lambda n: f"Wijk {n}")
    kind = WijkKind.WIJK


def valid_bsn(n: int) -> str:
    """The n-th valid BSN (elfproef) in a test-only range."""
    from candidates.demo import bsn_for

    return bsn_for(300_000 + n)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "candidates.Candidate"
        skip_postgeneration_save = True

    bsn = factory.Sequence(valid_bsn)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = date(1970, 5, 17)
    gender = "man"
    household = "alleenstaand"
    number_of_children = 0
    home_wijk = factory.SubFactory(WijkFactory)
    team = factory.LazyFunction(default_team)
    on_assistance_since = date(2015, 1, 1)
    referral_source = "klantmanager"
    available_hours = 32
    physical_capacity = "middel"
    registered_on = date(2025, 1, 1)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "candidates.IntakeConversation"

    candidate = factory.SubFactory(CandidateFactory)
    date = date(2025, 2, 1)
    coach = factory.SubFactory(UserFactory)
    duration_minutes = 60
    kind = "kennismaking"
    topics = factory.LazyFunction(lambda: ["werk"])
    notes = ""


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision written straight to the database (the service is tested on its own)."""

    class Meta:
        model = "candidates.SelectionDecision"

    candidate = factory.SubFactory(CandidateFactory)
    outcome = "geplaatst"
    exclusion_reason = None
    motivation = factory.LazyAttribute(lambda o: "" if o.outcome == "geplaatst" else "Motivering")
    decided_on = date(2025, 3, 1)
    decided_by = factory.SubFactory(UserFactory)
    meets_guideline = True
    guideline_explanation = "test"
