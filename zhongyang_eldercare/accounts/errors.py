"""Chinese error pages that reveal nothing about the portal's internals.

The 500 handler sorts what reached it: a database that cannot be reached (or is busy) is a 503
"service unavailable" page, rendered without touching the database (no user, no menu); input a
database cannot hold (a number beyond its integers, a text beyond its column) that slipped past
the forms is a 400. Anything else is the 500 page.
"""

import sys

from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

UNREACHABLE = (OperationalError, InterfaceError)
BAD_INPUT = (OverflowError, DataError)
RETRY_AFTER_SECONDS = 60


def _error(request, status, title, message):
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood. Please check what you entered."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Not allowed"), _("Your account may not do this."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Not found"), _("The page or record does not exist, or is outside your township."))


def service_unavailable(request=None):
    """The 503 page, from the template alone: the database (sessions, the user, the menu) may be down."""
    context = {
        "title": _("Service unavailable"),
        "message": _("The portal cannot reach its database just now. Please try again in a minute."),
    }
    response = HttpResponse(loader.render_to_string("unavailable.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, UNREACHABLE):
        return service_unavailable(request)
    if isinstance(error, BAD_INPUT):
        return bad_request(request)
    return _error(
        request, 500, _("Server error"), _("Something went wrong on our side. It has been logged; please try again later.")
    )
