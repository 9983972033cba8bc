import factory

from portal.constants import Role
from portal.models import User

TEST_PASSWORD = "Passw0rd!2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "测"
    first_name = factory.Sequence(lambda n: f"试{n}")
    role = Role.APPLICANT
    password = factory.django.Password(TEST_PASSWORD)
