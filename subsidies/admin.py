"""The money rules are policy data (the bureau and the administrator edit them); evaluations, awards and the
ledger are township records, scoped like every other (awards change only through the portal's services)."""

from django.contrib import admin

from subsidies.models import (
    Award,
    Disbursement,
    Evaluation,
    EvaluationIndicator,
    FundingSource,
    GradeFactor,
    GradeThreshold,
    IndicatorScore,
    LedgerEntry,
    RectificationItem,
    SubsidyRule,
)
from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ReadOnlyScopedAdmin, ScopedAdmin


@admin.register(FundingSource)
class FundingSourceAdmin(PolicyAdmin):
    list_display = ["name", "code", "group", "needs_donor", "clause", "valid_from", "valid_to"]
    list_filter = ["group"]


@admin.register(EvaluationIndicator)
class EvaluationIndicatorAdmin(PolicyAdmin):
    list_display = ["name", "code", "max_score", "position", "clause", "valid_from", "valid_to"]


@admin.register(GradeThreshold)
class GradeThresholdAdmin(PolicyAdmin):
    list_display = ["grade", "min_score", "clause", "valid_from", "valid_to"]


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(PolicyAdmin):
    list_display = ["kind", "facility_kind", "meals", "amount", "payer", "min_grade", "clause", "valid_from", "valid_to"]
    list_filter = ["kind", "facility_kind"]
    filter_horizontal = ["townships"]


@admin.register(GradeFactor)
class GradeFactorAdmin(PolicyAdmin):
    list_display = ["subsidy_kind", "grade", "factor", "clause", "valid_from", "valid_to"]


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0
    readonly_fields = ["indicator", "score"]
    can_delete = False


class RectificationInline(admin.TabularInline):
    model = RectificationItem
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyScopedAdmin):
    """Read here; evaluations are recorded through the portal (subsidies.services.record_evaluation), which computes the
    total and the grade the money depends on and checks the rectification items."""

    list_display = ["facility", "kind", "evaluated_on", "total", "grade", "recorded_by"]
    list_filter = ["kind", "grade"]
    list_select_related = ["facility", "recorded_by"]
    inlines = [IndicatorScoreInline, RectificationInline]


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ScopedAdmin):
    list_display = ["evaluation", "indicator", "score"]
    list_select_related = ["evaluation__facility", "indicator"]
    readonly_fields = ["evaluation", "indicator", "score"]


@admin.register(RectificationItem)
class RectificationItemAdmin(ReadOnlyScopedAdmin):
    """Read here; an item is marked done through the portal (subsidies.services.complete_rectification)."""

    list_display = ["description", "evaluation", "deadline", "done_on"]
    list_select_related = ["evaluation__facility"]


@admin.register(Award)
class AwardAdmin(ReadOnlyScopedAdmin):
    """Read-only: awards are proposed, approved and paid through the portal (maker-checker)."""

    list_display = ["year", "facility", "kind", "amount", "status", "proposed_by", "approved_by"]
    list_filter = ["year", "kind", "status"]
    list_select_related = ["facility", "proposed_by", "approved_by"]


@admin.register(Disbursement)
class DisbursementAdmin(AwardAdmin):
    list_display = ["award", "paid_on", "amount", "voucher", "recorded_by"]
    list_filter = ["paid_on"]
    list_select_related = ["award__facility", "recorded_by"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ScopedAdmin):
    """An entry the ledger wrote for a payment is corrected only through the payment (docs/subsidies.md)."""

    list_display = ["year", "facility", "village", "source", "received_on", "amount", "donor"]
    list_filter = ["year", "source"]
    list_select_related = ["facility", "village", "source"]
    readonly_fields = ["disbursement", "recorded_by"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.disbursement_id is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.disbursement_id is None) and super().has_delete_permission(request, obj)
