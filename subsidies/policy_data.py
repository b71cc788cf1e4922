"""Loaders for the money rules (§2.8, §3(三), §3(四)) in fixtures/ (see zhongyang_eldercare.policy_loading)."""

from decimal import Decimal

from facilities.policy_data import policy_document
from subsidies.models import EvaluationIndicator, FundingSource, GradeFactor, GradeThreshold, SubsidyRule
from zhongyang_eldercare.policy_loading import PolicyDataError, fixture_date, record, rule_period, save_clean


def _period(item):
    return rule_period(item, quote=False)


def load_evaluation_rules(data):
    document = policy_document(data["document"])
    for item in data["indicators"]:
        with record(f"indicator {item.get('code', '?')}"):
            values = {"name": item["name"], "max_score": Decimal(item["max_score"]), "position": item["position"]}
            values.update(guidance=item.get("guidance", ""), **_period(item))
            save_clean(EvaluationIndicator, {"document": document, "code": item["code"]}, values)
    for item in data["thresholds"]:
        with record(f"threshold {item.get('grade', '?')}"):
            values = {"min_score": Decimal(item["min_score"]), **_period(item)}
            save_clean(GradeThreshold, {"document": document, "grade": item["grade"]}, values)
    return len(data["indicators"]) + len(data["thresholds"])


def load_subsidy_rules(data):
    document = policy_document(data["document"])
    for item in data["funding_sources"]:
        with record(f"funding source {item.get('code', '?')}"):
            values = {key: item[key] for key in ("name", "group", "needs_donor", "position", "quote")}
            save_clean(FundingSource, {"document": document, "code": item["code"]}, {**values, **_period(item)})
    for index, item in enumerate(data["rules"], start=1):
        with record(f"rule {index} ({item.get('kind', '?')} {item.get('facility_kind', '?')} {item.get('meals', '?')})"):
            _load_rule(document, item)
    for item in data["grade_factors"]:
        with record(f"grade factor {item.get('subsidy_kind', '?')} {item.get('grade', '?')}"):
            key = {"document": document, "subsidy_kind": item["subsidy_kind"], "grade": item["grade"]}
            key["valid_from"] = fixture_date(item["valid_from"])
            values = {"factor": Decimal(item["factor"]), "note": item.get("note", ""), **_period(item)}
            save_clean(GradeFactor, key, values)
    return len(data["funding_sources"]) + len(data["rules"]) + len(data["grade_factors"])


def _load_rule(document, item):
    try:
        payer = FundingSource.objects.get(document=document, code=item["payer"])
    except FundingSource.DoesNotExist:
        raise PolicyDataError("", "payer", f"unknown funding source {item['payer']!r}") from None
    key = {"document": document, "kind": item["kind"], "facility_kind": item["facility_kind"], "meals": item["meals"]}
    key["valid_from"] = fixture_date(item["valid_from"])
    values = {key_: item[key_] for key_ in ("requires_standard", "requires_operation", "min_grade", "quote", "note")}
    values.update(amount=Decimal(item["amount"]), payer=payer, **_period(item))
    return save_clean(SubsidyRule, key, values)


FILES = [("evaluation_rules.json", load_evaluation_rules), ("subsidy_rules.json", load_subsidy_rules)]
