"""Loader for the visiting rules (§2.7) in fixtures/visit_rules.json (see zhongyang_eldercare.policy_loading)."""

from datetime import date

from facilities.models import PolicyDocument
from visits.models import PriorityRule, VisitFrequency, VisitSetting
from zhongyang_eldercare.policy_loading import PolicyDataError, record, save_clean


def _date(value):
    return date.fromisoformat(value) if value else None


def _period(item):
    return {
        "clause": item["clause"],
        "valid_from": _date(item["valid_from"]),
        "valid_to": _date(item["valid_to"]),
        "quote": item["quote"],
    }


def load_visit_rules(data):
    try:
        document = PolicyDocument.objects.get(code=data["document"])
    except PolicyDocument.DoesNotExist:
        raise PolicyDataError("", "document", f"unknown policy document {data['document']!r}") from None
    for item in data["priority_rules"]:
        with record(f"priority rule {item.get('criterion', '?')}"):
            save_clean(
                PriorityRule,
                {"document": document, "criterion": item["criterion"]},
                {"min_age": item["min_age"], **_period(item)},
            )
    for item in data["frequencies"]:
        with record(f"frequency {item.get('tier', '?')}"):
            values = {"period": item["period"], "visits": item["visits"], **_period(item)}
            save_clean(VisitFrequency, {"document": document, "tier": item["tier"]}, values)
    for item in data["settings"]:
        with record(f"setting {item.get('code', '?')}"):
            save_clean(VisitSetting, {"document": document, "code": item["code"]}, {"value": item["value"], **_period(item)})
    return len(data["priority_rules"]) + len(data["frequencies"]) + len(data["settings"])


FILES = [("visit_rules.json", load_visit_rules)]
