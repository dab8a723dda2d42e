"""User and Group as django-scim2's own test suite declares them.

django-scim2's default adapters (django_scim.adapters.SCIMUser/SCIMGroup)
read `scim_id`, `scim_external_id` and `scim_username` from the user and
`scim_groups` / `user_set` for memberships, which the stock
django.contrib.auth models do not have; the library ships abstract mixins
(django_scim.models) for exactly that. These two models are its
tests/models.py with other names: everything else (username, names,
e-mail, is_active, password) is stock AbstractUser.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django_scim.models import AbstractSCIMGroupMixin, AbstractSCIMUserMixin


class Group(AbstractSCIMGroupMixin):
    name = models.CharField("name", max_length=80, unique=True)


class User(AbstractSCIMUserMixin, AbstractUser):
    scim_groups = models.ManyToManyField(Group, related_name="user_set")
