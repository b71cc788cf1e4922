"""The background task behind every spreadsheet import (django-tasks; run by ``manage.py db_worker``)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from zhongyang_eldercare.import_jobs.models import ImportJob
from zhongyang_eldercare.import_jobs.services import run_step


@task()
def run_import_step(job_id):
    """The job's queued step; its messages in the portal's language, whatever the worker's environment."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        run_step(job)
    return job.status
