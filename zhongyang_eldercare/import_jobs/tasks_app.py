"""django-tasks-db's app config under a Chinese heading in the admin (its own names are English only;
our catalogue translates them, see third_party_messages.py)."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
