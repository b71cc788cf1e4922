"""Scoping: the one mechanism every view, form, export, import and admin uses.

A scoped model names the path from itself to its township in ``township_lookup``
(one path, or a tuple of paths that are OR-ed) and uses a manager built from
``ScopedQuerySet``. That one declaration scopes it at every level: a township's
staff see their township (the path itself), a county's bureau and leading group
see their county (the path + ``__county``), a city's bureau sees the counties of
its city (the path + ``__county__city``). A model that belongs to a county but to
no township (the county itself) names its path to the county in ``county_lookup``; a
model whose rows belong to a township or, without one, to the whole county (a key
project) declares both.

Code never filters by township or county by hand: it starts from
``Model.objects.for_user(user)`` and fetches single records with
``get_for_user_or_404``. Which level a user reads at is ``User.scope`` (the role
and the account's township, county or city).
"""

from functools import reduce
from operator import and_, or_

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404

TOWNSHIP, COUNTY, CITY, EVERYTHING = "township", "county", "city", "everything"

# From a township up: its county (Township.county), the county's city (County.city).
ABOVE_TOWNSHIP = {TOWNSHIP: "", COUNTY: "county", CITY: "county__city"}
ABOVE_COUNTY = {COUNTY: "", CITY: "city"}


def _join(path, tail):
    if not tail:
        return path
    return tail if path == "pk" else f"{path}__{tail}"


def _paths(declared):
    return (declared,) if isinstance(declared, str) else tuple(declared)


def scope_paths(model, level):
    """The lookups that tie ``model`` to a place of ``level`` (township, county or city), OR-ed.

    A model with both declarations (a key project of a township, or of the whole county through its plan)
    is found at the township level by its township only, at the county and city levels by its township or,
    when it has none, by its county (``scope_q``)."""
    paths = []
    if getattr(model, "township_lookup", None):
        paths += [_join(path, ABOVE_TOWNSHIP[level]) for path in _paths(model.township_lookup)]
    if level != TOWNSHIP and getattr(model, "county_lookup", None):
        paths += [_join(path, ABOVE_COUNTY[level]) for path in _paths(model.county_lookup)]
    return paths


def scope_q(model, level, place_id):
    """``model``'s rows of the place: by ``township_lookup``; at the county and city levels also, for rows with no
    township on any path, by ``county_lookup``."""
    by_township = [Q(**{path: place_id}) for path in scope_paths(model, level) if path in _township_paths(model, level)]
    by_county = [Q(**{path: place_id}) for path in scope_paths(model, level) if path not in _township_paths(model, level)]
    if by_township and by_county:
        no_township = reduce(and_, (Q(**{f"{path}__isnull": True}) for path in _paths(model.township_lookup)))
        return reduce(or_, by_township) | (no_township & reduce(or_, by_county))
    return reduce(or_, by_township or by_county)


def _township_paths(model, level):
    if not getattr(model, "township_lookup", None):
        return []
    return [_join(path, ABOVE_TOWNSHIP[level]) for path in _paths(model.township_lookup)]


def township_q(model, township_id):
    return scope_q(model, TOWNSHIP, township_id)


def place_scope(model, user):
    """(level, place id) ``for_user`` filters ``model`` by; (EVERYTHING, None) unfiltered; None for nothing."""
    scope = user.scope if user is not None and user.is_authenticated and user.is_active else None
    if scope is None:
        return None
    level, place_id = scope
    if level == TOWNSHIP and not getattr(model, "township_lookup", None):
        # A county-level record (the county itself): township staff read their own county's.
        level, place_id = COUNTY, user.home_county_id
    if level != EVERYTHING and place_id is None:
        return None
    return level, place_id


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        scope = place_scope(self.model, user)
        if scope is None:
            return self.none()
        level, place_id = scope
        if level == EVERYTHING:
            return self
        return self.filter(scope_q(self.model, level, place_id))

    def in_township(self, township):
        return self.filter(scope_q(self.model, TOWNSHIP, getattr(township, "pk", township)))

    def in_county(self, county):
        return self.filter(scope_q(self.model, COUNTY, getattr(county, "pk", county)))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def township_model():
    return apps.get_model("facilities", "Township")


def scope_includes(user, township_id):
    """Whether ``user`` may see records of township ``township_id``: ``for_user`` as a check on one known township."""
    if user is None or not user.is_authenticated or not user.is_active or township_id is None:
        return False
    if user.scope == (TOWNSHIP, township_id):
        return True
    # read once per request's user: a list page asks for every row
    if getattr(user, "_township_ids_in_scope", None) is None:
        user._township_ids_in_scope = frozenset(township_model().objects.for_user(user).values_list("pk", flat=True))
    return township_id in user._township_ids_in_scope


def scoped_models():
    """Every model that belongs to a township: the list the access tests walk."""
    return [model for model in apps.get_models() if getattr(model, "township_lookup", None)]


def county_scoped_models():
    """Every model that belongs to a county but to no township (the county itself)."""
    return [
        model
        for model in apps.get_models()
        if getattr(model, "county_lookup", None) and not getattr(model, "township_lookup", None)
    ]


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
