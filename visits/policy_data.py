"""Loader for the visiting rules (§2.7) in fixtures/visit_rules.json (see zhongyang_eldercare.policy_loading)."""

from decimal import Decimal

from facilities.models import PolicyDocument
from facilities.policy_data import policy_document
from visits.models import PriorityRule, VisitFrequency, VisitSetting, VisitTier
from zhongyang_eldercare.policy_loading import fixture_date, record, rule_period, save_clean

_period = rule_period


def load_visit_rules(data):
    document = policy_document(data["document"])
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


def load_visit_tiers(data):
    """The 2022 visiting tiers (issue 15): the national guidance's document (for every county) and the tiers."""
    for spec in data["documents"]:
        with record(f"document {spec.get('code', '?')}"):
            values = {name: spec.get(name, "") for name in ("title", "issued_by")}
            values |= {"county": None, "period_start": fixture_date(spec["period_start"])}
            values |= {"period_end": fixture_date(spec["period_end"])}
            save_clean(PolicyDocument, {"code": spec["code"]}, values)
    for item in data["tiers"]:
        with record(f"tier {item.get('code', '?')}"):
            document = policy_document(item["document"])
            fields = ("name", "rank", "group", "period", "visits", "in_visit_rate")
            values = {name: item[name] for name in fields} | _period(item)
            values |= {"target_rate": Decimal(item["target_rate"]) if item["target_rate"] else None}
            values |= {"target_due": fixture_date(item["target_due"])}
            save_clean(VisitTier, {"document": document, "code": item["code"]}, values)
    return len(data["documents"]) + len(data["tiers"])


FILES.append(("visit_tiers.json", load_visit_tiers))
