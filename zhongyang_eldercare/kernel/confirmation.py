"""A confirmation step before what cannot be undone (approving a report, a death, closing a follow-up).

The action's POST comes back as a page that says what will happen and sends the same fields again with
``confirmed=1``; "Cancel" goes back. Server-side, so it works without JavaScript and under the CSP.
"""

from django.shortcuts import render

CONFIRMED = "confirmed"
BACK = "back"


def is_confirmed(request):
    return request.POST.get(CONFIRMED) == "1" and BACK not in request.POST


def is_going_back(request):
    """The confirmation page's "Back" button: show the form again with everything typed in it."""
    return BACK in request.POST


def confirmation_response(request, *, title, message, confirm_label, cancel_url=None, details=(), danger=False):
    """The page asking to confirm ``request``'s POST: every field it sent, carried again, plus ``confirmed=1``.

    Without ``cancel_url``, "Back" sends the fields again to the same view (``is_going_back``), which shows
    its form as typed: nothing typed is lost by stepping back."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED, BACK)
        for value in values
    ]
    context = {
        "title": title,
        "message": message,
        "details": details,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "fields": fields,
        "action": request.get_full_path(),
        "danger": danger,
    }
    return render(request, "confirm.html", context)
