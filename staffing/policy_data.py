"""Loader for fixtures/staffing_rules.json (see zhongyang_eldercare.policy_loading): the staffing minimums of §2.5
with their document, clause and period, and the post kinds, funding sources and training programmes as data."""

from facilities.policy_data import policy_document
from staffing.models import FundingSource, PostKind, StaffingRule, TrainingProgramme
from zhongyang_eldercare.policy_loading import record, rule_period, save_clean


def _rows(model, items, label, extra=()):
    for item in items:
        with record(f"{label} {item.get('code', '?')}"):
            values = {"name": item["name"], "position": item["position"], **{name: item[name] for name in extra}}
            save_clean(model, {"code": item["code"]}, values)
    return len(items)


def load_staffing_rules(data):
    document = policy_document(data["document"])
    for item in data["rules"]:
        with record(f"staffing rule {item.get('facility_kind', '?')} {item.get('meals', '?')}"):
            save_clean(
                StaffingRule,
                {"document": document, "facility_kind": item["facility_kind"], "meals": item["meals"]},
                {"min_posts": item["min_posts"], **rule_period(item)},
            )
    count = len(data["rules"])
    count += _rows(PostKind, data["post_kinds"], "post kind", ("is_caregiver",))
    count += _rows(FundingSource, data["funding_sources"], "funding source")
    count += _rows(TrainingProgramme, data["training_programmes"], "training programme", ("for_caregivers",))
    return count


FILES = [("staffing_rules.json", load_staffing_rules)]
