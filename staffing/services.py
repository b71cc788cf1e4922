"""Every write of the staffing records: the pages, the Excel imports, the admin and the sample data call these.

Keyword-only, one transaction each, ``full_clean()`` before saving; ``by`` is the acting user, who writes
only records of a township in their scope (township staff their own, the bureau any: it may correct).
A change of worker in a post ends one holding and starts another (``assign_worker``): the history stays.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from staffing.models import Holding, Post, Worker
from zhongyang_eldercare.accounts.scoping import scope_includes


def _refuse_other_township(by, township_id, field):
    """A township's records are written by its own staff or the bureau; ``by=None`` is the sample data."""
    if by is not None and township_id is not None and not scope_includes(by, township_id):
        raise ValidationError({field: _("This belongs to another township; choose one of your own township.")})


@transaction.atomic
def save_worker(*, worker, by):
    """Save a worker. Their row is locked first, as ``save_holding`` locks it: a leaving date and a new post given at
    once are checked one after the other, never each against the other's old state."""
    _refuse_other_township(by, worker.township_id, "township")
    if worker.pk:
        Worker.objects.select_for_update().filter(pk=worker.pk).first()
    worker.full_clean()
    worker.save()
    return worker


@transaction.atomic
def save_post(*, post, by):
    """Save a post; its holdings follow a change of full-time (and are checked again against the worker's
    other full-time posts)."""
    _refuse_other_township(by, post.facility.township_id if post.facility_id else None, "facility")
    if post.pk:
        Post.objects.select_for_update().filter(pk=post.pk).first()  # as save_holding: one change of it at a time
    post.full_clean()
    post.save()
    for holding in post.holdings.select_for_update().filter(full_time=not post.full_time):
        holding.post = post
        try:
            holding.full_clean()
        except ValidationError as error:
            raise ValidationError({"full_time": error.messages}) from error
        holding.save(update_fields=["full_time"])
    return post


@transaction.atomic
def save_holding(*, holding, by):
    """Save one holding (a correction of its dates, or a new one). The worker's row is locked first, so two
    requests giving the same worker a full-time post at once are checked one after the other."""
    _refuse_other_township(by, holding.post.facility.township_id, "post")
    # the rows as they are once locked: a leaving date saved meanwhile is checked, not the form's stale copy
    Post.objects.select_for_update().filter(pk=holding.post_id).first()
    holding.worker = Worker.objects.select_for_update().get(pk=holding.worker_id)
    holding.full_clean()
    holding.save()
    return holding


@transaction.atomic
def assign_worker(*, post, worker, since, by, note=""):
    """Put ``worker`` in ``post`` from ``since``; the current holder (if any) leaves the day before.

    Returns the new holding. Refused with a field error: another township's worker, a worker who already
    holds a full-time post over these dates, a day outside the post's or the worker's dates.
    """
    _refuse_other_township(by, post.facility.township_id, "post")
    post = Post.objects.select_for_update().select_related("facility").get(pk=post.pk)
    current = post.holdings.filter(until__isnull=True).first()
    if current is not None:
        if current.worker_id == worker.pk:
            raise ValidationError({"worker": _("%(name)s already holds this post.") % {"name": worker.name}})
        if since <= current.since:
            message = _("%(name)s holds this post from %(since)s; the new holder starts after that day.")
            raise ValidationError({"since": message % {"name": current.worker.name, "since": current.since.isoformat()}})
        end_holding(holding=current, until=since - timedelta(days=1), by=by)
    holding = Holding(post=post, worker=worker, since=since, note=note, is_sample=post.is_sample)
    return save_holding(holding=holding, by=by)


@transaction.atomic
def end_holding(*, holding, until, by, note=""):
    """The worker leaves the post after ``until`` (the last day held); the post becomes vacant."""
    _refuse_other_township(by, holding.post.facility.township_id, "post")
    if holding.since > until:
        raise ValidationError({"until": _("The last day is before the holding began (%(since)s).") % {"since": holding.since}})
    holding.until = until
    if note:
        holding.note = note
    holding.full_clean()
    holding.save()
    return holding


@transaction.atomic
def save_training(*, training, by):
    _refuse_other_township(by, training.worker.township_id if training.worker_id else None, "worker")
    training.full_clean()
    training.save()
    return training
