"""factory-boy factories for the tests."""

import factory
from django.contrib.auth.models import Group

from basisbaan.models import User, Wijk, WijkKind

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


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wijk

    name = factory.Sequence(lambda n: f"Wijk {n}")
    kind = WijkKind.WIJK
