"""What the generated access tests need to know about each scoped model.

Every app lists its scoped models in ``tests/<app>/scope_cases.py`` as
``CASES = [ScopeCase(...), ...]``. The access tests (tests/accounts/) walk
``scoped_models()`` and fail for any scoped model that has no case, so a new
model cannot escape the township checks.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScopeCase:
    model: type
    # make(township) -> a saved instance belonging to that township
    make: object
    # URL names; None where the model has no such page. Detail/change take the pk.
    list_url: str | None = None
    detail_url: str | None = None
    change_url: str | None = None
    export_url: str | None = None
    # valid POST data for change_url, given the instance (for the 403/404 checks)
    change_data: object = field(default=None)
    # list_text(instance) -> text the list and export show for that row; default str(instance)
    list_text: object = field(default=None)

    def text_of(self, instance):
        return self.list_text(instance) if self.list_text else str(instance)
