"""The names django-tasks-db shows in the admin, so that ``makemessages`` keeps their Chinese in our catalogue.

django-tasks-db marks them for translation but ships no Chinese. Nothing imports this module:
it is read by ``makemessages`` only.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

TASKS_DB = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
]
TASK_STATUSES = [
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]
