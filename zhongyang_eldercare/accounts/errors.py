"""Chinese error pages that reveal nothing about the portal's internals."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request, status, title, message):
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood. Please check what you entered."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Not allowed"), _("Your account may not do this."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Not found"), _("The page or record does not exist, or is outside your township."))


def server_error(request):
    return _error(
        request, 500, _("Server error"), _("Something went wrong on our side. It has been logged; please try again later.")
    )
