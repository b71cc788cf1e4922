import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.models import User


def audited_content_types(request=None):
    models = auditlog.get_models()
    types = ContentType.objects.get_for_models(*models)
    return ContentType.objects.filter(pk__in=[t.pk for t in types.values()])


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return model._meta.verbose_name if model else obj.model


class ModelFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


class LogEntryFilter(django_filters.FilterSet):
    content_type = ModelFilter(label=_("Record type"), queryset=audited_content_types)
    actor = django_filters.ModelChoiceFilter(label=_("User"), queryset=User.objects.order_by("username"))
    action = django_filters.ChoiceFilter(label=_("Action"), choices=LogEntry.Action.choices)
    object_pk = django_filters.CharFilter(label=_("Record number"))
    since = django_filters.DateFilter(
        label=_("From"), field_name="timestamp", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="timestamp", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = django_filters.CharFilter(label=_("Record name contains"), field_name="object_repr", lookup_expr="icontains")

    class Meta:
        model = LogEntry
        fields = []
