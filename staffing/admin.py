"""Admin: the bureau edits the staffing minimums and the reference rows (PolicyAdmin); records are read and
corrected through the same services as the pages (no deleting: a worker's posts and training are history)."""

from django.contrib import admin

from staffing import services
from staffing.models import FundingSource, Holding, Post, PostKind, StaffingRule, Training, TrainingProgramme, Worker
from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ScopedAdmin
from zhongyang_eldercare.personal_data import mask_id_number


@admin.register(StaffingRule)
class StaffingRuleAdmin(PolicyAdmin):
    list_display = ["facility_kind", "meals", "min_posts", "clause", "valid_from", "valid_to"]
    list_filter = ["facility_kind", "meals", "document"]


@admin.register(PostKind)
class PostKindAdmin(PolicyAdmin):
    list_display = ["name", "code", "is_caregiver", "position"]


@admin.register(FundingSource)
class FundingSourceAdmin(PolicyAdmin):
    list_display = ["name", "code", "position"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(PolicyAdmin):
    list_display = ["name", "code", "for_caregivers", "position"]


class RecordAdmin(ScopedAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Worker)
class WorkerAdmin(RecordAdmin):
    list_display = ["name", "masked_id_number", "township", "is_registered_poor", "hired_on", "left_on", "is_sample"]
    list_filter = ["township", "is_registered_poor", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["township"]
    readonly_fields = ["gender", "birth_date"]
    raw_id_fields = ["home_village"]

    @admin.display(description=Worker._meta.get_field("id_number").verbose_name)
    def masked_id_number(self, worker):
        return mask_id_number(worker.id_number)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [field for field in fields if field != "id_number"] if obj else fields

    def save_model(self, request, obj, form, change):
        services.save_worker(worker=obj, by=request.user)


@admin.register(Post)
class PostAdmin(RecordAdmin):
    list_display = ["facility", "kind", "full_time", "funding_source", "monthly_pay", "since", "until"]
    list_filter = ["kind", "funding_source", "full_time"]
    search_fields = ["facility__name"]
    list_select_related = ["facility", "kind", "funding_source"]
    raw_id_fields = ["facility"]

    def save_model(self, request, obj, form, change):
        services.save_post(post=obj, by=request.user)


@admin.register(Holding)
class HoldingAdmin(RecordAdmin):
    list_display = ["post", "worker", "since", "until", "full_time"]
    list_select_related = ["post__facility", "post__kind", "worker"]
    raw_id_fields = ["post", "worker"]

    def save_model(self, request, obj, form, change):
        services.save_holding(holding=obj, by=request.user)


@admin.register(Training)
class TrainingAdmin(RecordAdmin):
    list_display = ["worker", "programme", "started_on", "ended_on", "hours", "result", "certificate_number"]
    list_filter = ["programme", "result"]
    list_select_related = ["worker", "programme"]
    raw_id_fields = ["worker"]

    def save_model(self, request, obj, form, change):
        services.save_training(training=obj, by=request.user)
