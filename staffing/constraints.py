"""A database guarantee PostgreSQL can give and SQLite cannot: no two overlapping periods.

``PeriodExclusion`` is Django's ``ExclusionConstraint`` over ``daterange(since, until, '[]')`` (both ends
included, an empty ``until`` open-ended, as ``kernel.periods``), created on PostgreSQL only (it needs the
``btree_gist`` extension, which migration 0001 installs) and skipped on other databases. It never validates
in ``full_clean``: the models' ``clean()`` gives the clear Chinese error on every database, and this
constraint is what still holds when two requests race past ``clean()``.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db.models import Func, Value


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


def period_range(start="since", end="until"):
    return DateRange(start, end, Value("[]"))


class PeriodExclusion(ExclusionConstraint):
    """No two rows with equal ``key`` whose periods share a day (PostgreSQL only)."""

    def __init__(self, *, name, key=None, expressions=None, **kwargs):
        if expressions is None:
            expressions = [(key, RangeOperators.EQUAL), (period_range(), RangeOperators.OVERLAPS)]
        super().__init__(name=name, expressions=expressions, **kwargs)

    @staticmethod
    def _postgresql(schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if self._postgresql(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._postgresql(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._postgresql(schema_editor) else None

    def validate(self, model, instance, exclude=None, using=None):
        """Nothing: ``clean()`` says it in Chinese, on every database (see the module's docstring)."""
