"""Sections other apps add to the facility page (staffing: the facility's posts).

Facilities imports none of those apps: each registers its section from its ``AppConfig.ready``.
A section renders itself: ``render(facility, *, request)`` returns safe HTML (typically
``render_to_string(its template, its context, request)``), or "" to show nothing to this user.
It reads what it needs for the one facility; the page's query count grows by what it reads.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    render: Callable


# code -> Section, in the order they were registered (the order the page shows them in).
SECTIONS = {}


def register_section(section):
    """Add a section to the facility page (again under the same code: replace it)."""
    SECTIONS[section.code] = section
    return section


def rendered_sections(facility, *, request):
    """The HTML of every registered section for this facility and user, leaving out the empty ones."""
    return [html for html in (section.render(facility, request=request) for section in SECTIONS.values()) if html]
