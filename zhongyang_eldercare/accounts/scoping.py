"""Township scoping: the one mechanism every view, form, export and admin uses.

A scoped model names the path from itself to its township in
``township_lookup`` (one path, or a tuple of paths that are OR-ed) and uses a
manager built from ``ScopedQuerySet``. Code never filters by township by hand:
it starts from ``Model.objects.for_user(user)`` and fetches single records
with ``get_for_user_or_404``.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404


def township_q(model, township_id):
    lookups = model.township_lookup
    if isinstance(lookups, str):
        lookups = (lookups,)
    return reduce(or_, (Q(**{path: township_id}) for path in lookups))


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_county:
            return self
        if user.township_id is None:
            return self.none()
        return self.filter(township_q(self.model, user.township_id))

    def in_township(self, township):
        return self.filter(township_q(self.model, getattr(township, "pk", township)))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def scope_includes(user, township_id):
    """Whether ``user`` may see records of township ``township_id``: ``for_user`` as a check on one known township."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.sees_whole_county or (user.township_id is not None and user.township_id == township_id)


def scoped_models():
    """Every model that belongs to a township: the list the access tests walk."""
    return [model for model in apps.get_models() if getattr(model, "township_lookup", None)]


def get_for_user_or_404(queryset_or_model, user, *, for_change=False, **lookup):
    """Fetch one record the user may see: 404 outside their scope, 403 when read-only."""
    queryset = queryset_or_model
    if isinstance(queryset_or_model, type):
        queryset = queryset_or_model._default_manager.all()
    if for_change:
        require_editor(user)
    return get_object_or_404(queryset.for_user(user), **lookup)


def require_editor(user):
    if not user.can_edit_records:
        raise PermissionDenied

