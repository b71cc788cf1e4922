"""Workers, posts and training records from Excel (zhongyang_eldercare.imports: a dry run with a row report in
Chinese, then all or nothing). Every row is written through ``staffing.services``, so the rules of the forms hold
(the one full-time post, dates, the township); places and workers are looked up only in the user's scope.

The columns are the fields' verbose names in the portal's language. ID numbers are text (a numeric cell has lost
its last digits and is refused).
"""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from facilities.models import Facility, Township, Village
from staffing import services
from staffing.models import FundingSource, Post, PostKind, Training, TrainingProgramme, TrainingResult, Worker
from zhongyang_eldercare.kernel.import_widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IdNumberWidget,
    YesNoWidget,
)


def _label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


class NamedRowWidget(widgets.ForeignKeyWidget):
    """A reference row (post kind, funding source, programme) by its name; the template offers the names."""

    def __init__(self, model):
        super().__init__(model, field="name")

    def template_choices(self):
        return list(self.model.objects.values_list("name", flat=True))

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        found = self.model.objects.filter(name=name).first()
        if found is None:
            allowed = "、".join(self.template_choices())
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": name, "allowed": allowed})
        return found


class ScopedByNameWidget(widgets.ForeignKeyWidget):
    """A township, village or facility by name, among those the user may use (villages in the row's township)."""

    def __init__(self, model, user, township_column=None):
        super().__init__(model, field="name")
        self.user, self.township_column = user, township_column

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        found = self.model.objects.for_user(self.user).filter(name=name)
        if self.township_column and (row or {}).get(self.township_column):
            found = found.filter(township__name=str(row[self.township_column]).strip())
        found = list(found[:2])
        if len(found) != 1:
            kind = self.model._meta.verbose_name
            if found:
                raise ValueError(
                    _("More than one %(kind)s is named “%(name)s”; give the township.") % {"kind": kind, "name": name}
                )
            raise ValueError(_("“%(name)s” is not a %(kind)s of your township.") % {"name": name, "kind": kind})
        return found[0]


class WorkerByIdWidget(widgets.ForeignKeyWidget):
    """A worker by the full ID number, among the user's workers."""

    template_text = True
    template_hint = gettext_lazy("18 characters, typed into a cell formatted as text.")

    def __init__(self, user):
        super().__init__(Worker, field="id_number")
        self.user = user

    def clean(self, value, row=None, **kwargs):
        number = IdNumberWidget().clean(value)
        if not number:
            return None
        worker = Worker.objects.for_user(self.user).filter(id_number=number).first()
        if worker is None:
            raise ValueError(_("No worker with this ID number in your township; import the worker first."))
        return worker

    def render(self, value, obj=None, **kwargs):
        return ""  # exports never write full ID numbers


class ServiceSaved:
    """Rows are saved through the staffing service of the model, as the acting user."""

    def save_instance(self, instance, is_create, row, **kwargs):
        self.save_with_service(instance)


class WorkerResource(ServiceSaved, resources.ModelResource):
    name = fields.Field(attribute="name", widget=widgets.CharWidget())
    id_number = fields.Field(attribute="id_number", widget=IdNumberWidget())
    township = fields.Field(attribute="township")
    home_village = fields.Field(attribute="home_village")
    phone = fields.Field(attribute="phone", widget=widgets.CharWidget())
    is_registered_poor = fields.Field(attribute="is_registered_poor", widget=YesNoWidget())
    hired_on = fields.Field(attribute="hired_on", widget=DateWidget())
    left_on = fields.Field(attribute="left_on", widget=DateWidget())
    note = fields.Field(attribute="note", widget=widgets.CharWidget())

    class Meta:
        model = Worker
        fields = ["name", "id_number", "township", "home_village", "phone", "is_registered_poor", "hired_on", "left_on", "note"]
        import_id_fields = ["id_number"]
        clean_model_instances = True
        skip_unchanged = False
        use_bulk = False

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        for name, field in self.fields.items():
            field.column_name = _label(Worker, name)
        self.fields["township"].widget = ScopedByNameWidget(Township, user)
        self.fields["home_village"].widget = ScopedByNameWidget(Village, user, self.fields["township"].column_name)

    def get_queryset(self):
        return Worker.objects.for_user(self.user)

    def save_with_service(self, instance):
        services.save_worker(worker=instance, by=self.user)


class PostResource(resources.ModelResource):
    """A post per row; the optional holder columns put a worker in the post from the day given."""

    id = fields.Field(attribute="id", column_name=gettext_lazy("ID (empty for a new post)"), widget=widgets.IntegerWidget())
    facility = fields.Field(attribute="facility")
    kind = fields.Field(attribute="kind", widget=NamedRowWidget(PostKind))
    full_time = fields.Field(attribute="full_time", widget=YesNoWidget())
    funding_source = fields.Field(attribute="funding_source", widget=NamedRowWidget(FundingSource))
    monthly_pay = fields.Field(attribute="monthly_pay", widget=DecimalWidget())
    since = fields.Field(attribute="since", column_name=gettext_lazy("Start date"), widget=DateWidget())
    until = fields.Field(attribute="until", column_name=gettext_lazy("End date"), widget=DateWidget())
    holder = fields.Field(column_name=gettext_lazy("Holder's ID number (optional)"))
    holder_since = fields.Field(column_name=gettext_lazy("Holder since"), widget=DateWidget())

    class Meta:
        model = Post
        fields = [
            "id",
            "facility",
            "kind",
            "full_time",
            "funding_source",
            "monthly_pay",
            "since",
            "until",
            "holder",
            "holder_since",
        ]
        clean_model_instances = True
        skip_diff = True
        use_bulk = False

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        for name, field in self.fields.items():
            if field.column_name == name:
                field.column_name = _label(Post, name)
            field.column_name = str(field.column_name)
        self.fields["facility"].widget = ScopedByNameWidget(Facility, user)
        self.fields["holder"].widget = WorkerByIdWidget(user)

    def get_queryset(self):
        return Post.objects.for_user(self.user)

    def before_import_row(self, row, **kwargs):
        key = self.fields["id"].column_name
        if row.get(key) not in (None, "") and not self.get_queryset().filter(pk=row[key]).exists():
            raise ValidationError({"id": _("No post with this ID in your township.")})

    def save_instance(self, instance, is_create, row, **kwargs):
        services.save_post(post=instance, by=self.user)
        worker = self._cell("holder", row)
        if worker is None:
            return
        since = self._cell("holder_since", row) or instance.since
        current = instance.holdings.filter(until__isnull=True).first()
        if current is not None and current.worker_id == worker.pk:
            return
        try:
            services.assign_worker(post=instance, worker=worker, since=since, by=self.user, note=_("Excel import"))
        except ValidationError as error:
            raise ValidationError({"holder": error.messages}) from error

    def _cell(self, name, row):
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError as error:
            raise ValidationError({name: str(error)}) from error


class TrainingResource(ServiceSaved, resources.ModelResource):
    worker = fields.Field(attribute="worker")
    programme = fields.Field(attribute="programme", widget=NamedRowWidget(TrainingProgramme))
    started_on = fields.Field(attribute="started_on", widget=DateWidget())
    ended_on = fields.Field(attribute="ended_on", widget=DateWidget())
    hours = fields.Field(attribute="hours", widget=DecimalWidget())
    result = fields.Field(attribute="result", widget=ChoiceWidget(TrainingResult, blank=None))
    certificate_number = fields.Field(attribute="certificate_number", widget=widgets.CharWidget())
    note = fields.Field(attribute="note", widget=widgets.CharWidget())

    class Meta:
        model = Training
        fields = ["worker", "programme", "started_on", "ended_on", "hours", "result", "certificate_number", "note"]
        import_id_fields = ["worker", "programme", "started_on"]  # the same course imported again is updated
        clean_model_instances = True
        skip_unchanged = False
        use_bulk = False

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        for name, field in self.fields.items():
            field.column_name = _label(Training, name)
        self.fields["worker"].column_name = _("Worker's ID number")
        self.fields["worker"].widget = WorkerByIdWidget(user)

    def get_queryset(self):
        return Training.objects.for_user(self.user)

    def save_with_service(self, instance):
        services.save_training(training=instance, by=self.user)
