"""Hostile input for every form and filter the portal renders, found from the URL conf and the pages themselves.

``reachable_pages`` fills each URL pattern's ids with the ids of records the test made (a page of
another type's id is a 404 and is skipped), GETs it and reads its forms and links from the HTML:
every ``<form>`` with the names of its fields, and every query parameter its own links use (page,
township, rows …). The test then sends each hostile value into each of them.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from tests.accounts.urlwalk import ROUTE_PARAMETER, walk

# Values a field or a filter must answer with a clean error, never a 500.
HOSTILE = [
    "abc",
    "\x00",
    "9" * 30,
    "-99999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "x" * 300,
    "' OR 1=1 --",
    "１２３",  # full-width digits
]
# Values no field accepts (the null character, refused by every text field): sent to a form, nothing is written.
NEVER_VALID = ["\x00", "abc\x00def"]
# Query parameters every list may be given by hand, beside those its own links use.
COMMON_PARAMETERS = ["page", "township", "q", "as_of", "status", "rows"]


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)


class PageParser(HTMLParser):
    """The forms (action, method, field names) and the query parameters of the links of one page."""

    def __init__(self, path):
        super().__init__()
        self.path, self.forms, self.parameters, self._form = path, [], set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs.get("action") or self.path, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and attrs.get("name"):
            if attrs.get("type") != "file" and attrs["name"] != "csrfmiddlewaretoken":
                self._form.fields.append(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            if link.path in ("", self.path):
                self.parameters.update(name for name, _value in parse_qsl(link.query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _fill(route, pk):
    return ROUTE_PARAMETER.sub(lambda match: str(pk) if (match["converter"] or "str") == "int" else "missing", route)


def candidate_paths(pks):
    """Every portal URL (not the admin), those with an id once per given id."""
    for path, name in sorted(set(walk())):
        if path.startswith("/admin/"):
            continue
        if "987654" in path:
            for pk in sorted(set(pks)):
                yield path.replace("987654", str(pk)), name
        else:
            yield path, name


def reachable_pages(client, pks, kinds=()):
    """(path, parsed page) for every page that answers 200 with HTML; ``kinds`` fill the ``<str:kind>`` of a path."""
    pages = []
    for path, _name in candidate_paths(pks):
        for filled in [path.replace("missing", kind) for kind in kinds] if "missing" in path else [path]:
            response = client.get(filled)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            parser = PageParser(filled)
            parser.feed(response.content.decode())
            pages.append((filled, parser))
    return pages


def filtered_pages(pages):
    """The pages that take query parameters: a form sent by GET (filters) or links with a query (pages, tabs)."""
    return [(path, parser) for path, parser in pages if parser.parameters or any(f.method == "get" for f in parser.forms)]


def form_targets(pages):
    """(path, form) for every distinct form with fields on the pages (one per action, method and set of fields)."""
    seen, targets = set(), []
    for path, parser in pages:
        for form in parser.forms:
            if not form.fields:
                continue  # a button (log out, submit a report): no input to be hostile with
            action = form.action if form.action.startswith("/") else path
            key = (re.sub(r"\?.*", "", action), form.method, tuple(sorted(form.fields)))
            if key not in seen:
                seen.add(key)
                targets.append((action, form))
    return targets
