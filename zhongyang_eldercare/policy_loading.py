"""Loading the policy's reference data from fixtures/.

Each app that owns policy data has a ``policy_data`` module whose ``FILES``
lists (file name, loader) pairs. ``load_policy`` runs every loader inside one
transaction: a broken file leaves the database exactly as it was, and the error
names the file and the record. Loaders upsert on natural keys, so running the
command again changes nothing.
"""

import json
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from zhongyang_eldercare.discovery import app_modules


class PolicyDataError(Exception):
    def __init__(self, file_name, record, message):
        self.file_name, self.record, self.message = file_name, record, message
        super().__init__(f"{file_name}: {record}: {message}")


@contextmanager
def record(label):
    """Turn any failure while loading one record into an error that names it."""
    try:
        with transaction.atomic():
            yield
    except PolicyDataError:
        raise
    except ValidationError as error:
        raise PolicyDataError("", label, "; ".join(error.messages)) from error
    except (KeyError, TypeError, ValueError, LookupError, DatabaseError) as error:
        detail = f"missing field {error}" if isinstance(error, KeyError) else str(error)
        raise PolicyDataError("", label, detail) from error


def fixture_date(value):
    """A fixture's ISO date, or None for an empty one (an open end)."""
    return date.fromisoformat(value) if value else None


def rule_period(item, *, quote=True):
    """A rule's clause and the period it holds for (``kernel.rules.PolicyRule``), and its quoted text."""
    values = {"clause": item["clause"]}
    values |= {"valid_from": fixture_date(item["valid_from"]), "valid_to": fixture_date(item["valid_to"])}
    if quote:
        values["quote"] = item["quote"]
    return values


def save_clean(model, lookup, values):
    """Create or update one row, validating it first (full_clean)."""
    instance = model._default_manager.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance


def registered_files():
    return [entry for module in app_modules("policy_data") for entry in module.FILES]


@transaction.atomic
def load_all(fixtures_dir):
    """Load every registered file; return {file name: records loaded}."""
    counts = {}
    for file_name, loader in registered_files():
        path = fixtures_dir / file_name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PolicyDataError(file_name, "-", "file not found") from None
        except json.JSONDecodeError as error:
            raise PolicyDataError(file_name, f"line {error.lineno}", f"not valid JSON: {error.msg}") from None
        try:
            counts[file_name] = loader(data)
        except PolicyDataError as error:
            raise PolicyDataError(file_name, error.record, error.message) from error
    return counts
