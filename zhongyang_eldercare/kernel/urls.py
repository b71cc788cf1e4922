"""URL pieces every app may use."""

from datetime import date


class IsoDateConverter:
    """``<date:day>``: a day written YYYY-MM-DD; anything else (2021-02-30 too) is not a match, so a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return date.fromisoformat(value)  # ValueError for an impossible day: Django answers 404

    def to_url(self, value):
        return value.isoformat() if isinstance(value, date) else str(value)
