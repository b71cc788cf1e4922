"""The shared kernel: small, documented helpers every domain app may import.

It imports no app of the project (import-linter checks it, ``pyproject.toml``):

* ``dates`` — ISO weeks, month and year ends, ages, and the one not-in-future validator;
* ``numbers`` — the one ``percent`` (an empty total has no share: ``None``);
* ``periods`` — records that hold from ``since`` until ``until`` and their queryset;
* ``history`` — dated history (a status, a count, a flag entered on a day) and "the value on a day";
* ``rules`` — ``PolicyRule``: every policy number with its document, clause and period, and the
  one rule for overlapping periods (``RuleQuerySet.in_force_by`` / ``winning_rules``);
* ``identity`` — the resident ID number (GB 11643): validator, normalisation, birth date and gender;
* ``spreadsheets`` — safe .xlsx in and out, the one xlsx response, the import widgets.
"""
