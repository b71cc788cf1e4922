"""The admin goes through the same scoping as every other page.

Only the bureau and the administrator reach the admin (``is_staff`` follows the
role). ScopedAdmin still scopes rows and choices by ``for_user``, so the admin
stays safe even if a township role were ever let in.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError

from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.audit.conflicts import conflict_message
from zhongyang_eldercare.kernel.versions import EditConflict, VersionedModel, save_unless_changed
from zhongyang_eldercare.personal_data import has_full_rights, may_see_full_personal_data, personal_fields


def is_scoped(model):
    return isinstance(model._default_manager.all(), ScopedQuerySet)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a township, county ...: only the places the user may see are offered."""

    def field_choices(self, field, request, model_admin):
        places = field.related_model._default_manager.for_user(request.user)
        return [(place.pk, str(place)) for place in places]


class VersionCheckedAdminForm(forms.ModelForm):
    """The admin's form of a versioned record carries the version it was loaded at (``kernel.versions``): a save over
    someone else's later change is refused with what they changed, as on the portal's own forms."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("version")
        if self.instance.pk is not None and loaded is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current is not None and current != loaded:
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = current  # saving again is a deliberate overwrite
                conflict = EditConflict(self.instance, version=loaded, current=current)
                raise ValidationError(conflict_message(conflict))
        return cleaned


def loaded_version(form):
    """The version an admin form was loaded at (None for a new record or a form without one)."""
    return getattr(form, "cleaned_data", {}).get("version")


class ScopedRowsMixin:
    """Rows, foreign-key choices and list filters limited to the user's scope (township, county or city); a versioned
    record's change form is checked against later changes (``VersionCheckedAdminForm``)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if issubclass(self.model, VersionedModel) and not issubclass(base, VersionCheckedAdminForm):
            kwargs["form"] = type(base.__name__, (VersionCheckedAdminForm, base), {})
            # the form declares the version; the model's field is not editable, so it is no model field of the form
            # (fields=None: every editable field, as get_fields asks; the version is not one)
            fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
            if fields is not None:
                kwargs["fields"] = [name for name in fields if name != "version"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not issubclass(self.model, VersionedModel):
            return fieldsets
        if any("version" in options.get("fields", ()) for _name, options in fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options.get("fields", ()), "version"]}), *fieldsets[1:]]

    def save_model(self, request, obj, form, change):
        save_unless_changed(obj, version=loaded_version(form))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            return queryset.for_user(request.user)
        return queryset

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and isinstance(field.queryset, ScopedQuerySet):
            field.queryset = field.queryset.for_user(request.user)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and isinstance(field.queryset, ScopedQuerySet):
            field.queryset = field.queryset.for_user(request.user)
        return field

    # Personal fields (zhongyang_eldercare.personal_data) are left out of lists, searches and forms for a
    # user who may not see them in full (the administrator): searching a masked field would unmask it.
    def _hidden_personal(self, request, obj=None):
        names = personal_fields(self.model).names
        if not names:
            return ()
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


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Scoped rows read in the admin and changed only through the portal's services (awards, payments, evaluations)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
