"""The admin goes through the same scoping as every other page.

Only the bureau and the administrator reach the admin (``is_staff`` follows the
role). ScopedAdmin still scopes rows and choices by ``for_user``, so the admin
stays safe even if a township role were ever let in.
"""

from django.contrib import admin

from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.personal_data import has_full_rights, may_see_full_personal_data, personal_fields


def is_scoped(model):
    return isinstance(model._default_manager.all(), ScopedQuerySet)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a township, county ...: only the places the user may see are offered."""

    def field_choices(self, field, request, model_admin):
        places = field.related_model._default_manager.for_user(request.user)
        return [(place.pk, str(place)) for place in places]


class ScopedRowsMixin:
    """Rows, foreign-key choices and list filters limited to the user's scope (township, county or city)."""

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

    # Personal fields (zhongyang_eldercare.personal_data) are left out of lists, searches and forms for a
    # user who may not see them in full (the administrator): searching a masked field would unmask it.
    def _hidden_personal(self, request, obj=None):
        names = personal_fields(self.model).names
        if has_full_rights(request.user) and (obj is None or may_see_full_personal_data(request.user, obj)):
            return ()
        return names

    def get_list_display(self, request):
        hidden = self._hidden_personal(request)
        return [name for name in super().get_list_display(request) if name not in hidden]

    def get_search_fields(self, request):
        hidden = self._hidden_personal(request)
        return [name for name in super().get_search_fields(request) if name.lstrip("^=@") not in hidden]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self._hidden_personal(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        hidden = self._hidden_personal(request, obj)
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str) or "__" in entry:
            return entry
        field = self.model._meta.get_field(entry)
        if field.many_to_one and is_scoped(field.related_model):
            return (entry, ScopedRelatedFilter)
        return entry


class ScopedAdmin(ScopedRowsMixin, admin.ModelAdmin):
    """Rows and foreign-key choices limited to the user's township or county; read-only roles change nothing."""

    # Records are kept by those who may edit records (township staff, the bureau); the administrator
    # manages accounts and policy data and reads records, the leading group only reads.
    def has_add_permission(self, request, *args):
        return request.user.can_edit_records and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.can_edit_records and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.can_edit_records and super().has_delete_permission(request, obj)


class PolicyAdmin(ScopedRowsMixin, admin.ModelAdmin):
    """Policy rules: the bureau and the administrator edit them, everyone on the admin may read. Their choices of
    townships and counties are scoped like every other admin's."""

    def has_add_permission(self, request, *args):
        return request.user.can_edit_policy and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.can_edit_policy and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.can_edit_policy and super().has_delete_permission(request, obj)
