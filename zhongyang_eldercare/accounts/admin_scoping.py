"""The admin goes through the same scoping as every other page."""

from django.contrib import admin

from zhongyang_eldercare.accounts.scoping import ScopedQuerySet


class ScopedAdmin(admin.ModelAdmin):
    """Rows and foreign-key choices limited to the user's township; read-only roles change nothing."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            return queryset.for_user(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and isinstance(field.queryset, ScopedQuerySet):
            field.queryset = field.queryset.for_user(request.user)
        return field

    def has_add_permission(self, request, *args):
        return not request.user.is_read_only and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not request.user.is_read_only and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not request.user.is_read_only and super().has_delete_permission(request, obj)


class PolicyAdmin(admin.ModelAdmin):
    """Policy rules: the bureau and the administrator edit them, everyone on the admin may read."""

    def has_add_permission(self, request, *args):
        return request.user.can_edit_policy and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.can_edit_policy and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.can_edit_policy and super().has_delete_permission(request, obj)
