"""Every URL in the URL conf, with its parameters filled in, for the access tests."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

MISSING_PK = "987654"
# What a parameter becomes, by converter or by name; ids point at records that do not exist.
VALUES = {
    "int": MISSING_PK,
    "str": "missing",
    "slug": "missing",
    "path": "missing/x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "date": "2021-06-07",
}
NAMED = {"app_label": "facilities", "content_type_id": MISSING_PK, "object_id": MISSING_PK}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill_route(route):
    def value(match):
        return NAMED.get(match["name"]) or VALUES.get(match["converter"] or "str", "missing")

    return ROUTE_PARAMETER.sub(value, route)


def _fill_regex(regex):
    template, params = normalize(regex)[0]
    return template % {name: NAMED.get(name, "missing") for name in params}


def _piece(pattern):
    if isinstance(pattern, RoutePattern):
        return _fill_route(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern.regex.pattern)
    raise TypeError(pattern)


def walk(patterns=None, prefix="/", namespace=""):
    """Yield (path, view_name) for every URL pattern, recursively."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        path = prefix + _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, path, inner)
        elif isinstance(entry, URLPattern):
            yield path, f"{namespace}{entry.name}" if entry.name else path


def all_urls():
    return sorted(set(walk()))
