from django.contrib import admin

from facilities.models import (
    County,
    Department,
    Duty,
    Facility,
    FacilityStatusChange,
    LeadingGroupMember,
    LeadingGroupOffice,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    RelocationSite,
    Target,
    Township,
    Village,
)
from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ScopedAdmin


@admin.register(County)
class CountyAdmin(PolicyAdmin):
    list_display = ["name", "code"]


@admin.register(Township)
class TownshipAdmin(ScopedAdmin):
    list_display = ["name", "kind", "pinyin", "position", "elderly_population"]
    list_filter = ["kind"]
    search_fields = ["name", "pinyin"]


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "township", "population", "elderly_population", "is_township_seat", "has_clinic", "is_sample"]
    list_filter = ["township", "is_township_seat", "has_clinic", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["township"]


@admin.register(RelocationSite)
class RelocationSiteAdmin(ScopedAdmin):
    list_display = ["name", "township", "elderly_population", "is_sample"]
    list_filter = ["township", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["township"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(PolicyAdmin):
    list_display = ["code", "title", "period_start", "period_end"]
    search_fields = ["code", "title"]


class PlanTableCellInline(admin.TabularInline):
    model = PlanTableCell
    extra = 0


@admin.register(PlanTableRow)
class PlanTableRowAdmin(PolicyAdmin):
    list_display = ["label", "position", "villages_total", "villages_built", "villages_to_build", "is_total"]
    list_filter = ["document", "is_total"]
    search_fields = ["label"]
    inlines = [PlanTableCellInline]


@admin.register(Target)
class TargetAdmin(PolicyAdmin):
    list_display = ["code", "value", "due_on", "clause", "valid_from", "valid_to"]
    list_filter = ["code", "document"]
    search_fields = ["quote", "clause"]


@admin.register(Department)
class DepartmentAdmin(PolicyAdmin):
    search_fields = ["name"]


@admin.register(LeadingGroupMember)
class LeadingGroupMemberAdmin(PolicyAdmin):
    list_display = ["position", "name", "group_role", "title", "department", "township", "is_office_director"]
    list_filter = ["group_role", "document"]
    search_fields = ["name", "title"]


@admin.register(LeadingGroupOffice)
class LeadingGroupOfficeAdmin(PolicyAdmin):
    list_display = ["department", "document"]


@admin.register(Duty)
class DutyAdmin(PolicyAdmin):
    list_display = ["number", "task", "responsible_as_published"]
    list_filter = ["departments"]
    search_fields = ["task"]


class FacilityStatusChangeInline(admin.TabularInline):
    model = FacilityStatusChange
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Facility)
class FacilityAdmin(ScopedAdmin):
    list_display = ["name", "kind", "township", "village", "relocation_site", "status", "planned_year", "beds"]
    list_filter = ["township", "kind", "status", "planned_year", "is_sample"]
    search_fields = ["name", "village__name"]
    list_select_related = ["township", "village", "relocation_site"]
    inlines = [FacilityStatusChangeInline]
