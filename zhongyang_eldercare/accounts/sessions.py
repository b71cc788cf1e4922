"""The idle timeout without a session write on every request.

``SESSION_COOKIE_AGE`` is the idle timeout (30 minutes): every save of the session moves its
expiry 30 minutes on. Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) wrote one row per
page load; this middleware saves an unchanged session only when its last save is at least
``SESSION_REFRESH_SECONDS`` (60) old. A session therefore ends between 29 and 30 minutes after the
last request, never later; pages in between write nothing.
"""

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

TOUCHED_KEY = "zy_session_saved_at"


class SessionRefreshMiddleware:
    """Sits right after SessionMiddleware, so its response step runs before the session is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # a view that keeps its session unsaved (the import progress poll) replaces it with a plain wrapper
        if not isinstance(session, SessionBase) or not session.accessed or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[TOUCHED_KEY] = now  # marks it modified: SessionMiddleware saves it with a fresh expiry
        return response
