"""Loaders for the plan's reference data (see zhongyang_eldercare.policy_loading)."""

from facilities.models import (
    City,
    County,
    Department,
    Duty,
    FacilityStandard,
    Feature,
    KeyProject,
    LeadingGroupMember,
    LeadingGroupOffice,
    Milestone,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    Target,
    Township,
)
from zhongyang_eldercare.policy_loading import PolicyDataError, fixture_date, record, rule_period, save_clean


def policy_document(code):
    """The policy document of ``code``; a fixture naming an unknown one is refused (PolicyDataError)."""
    try:
        return PolicyDocument.objects.get(code=code)
    except PolicyDocument.DoesNotExist:
        raise PolicyDataError("", "document", f"unknown policy document {code!r}") from None


def _department(name):
    return Department.objects.get_or_create(name=name)[0]


def load_places(data):
    city = None
    if data.get("city"):
        with record("city"):
            city = save_clean(City, {"code": data["city"]["code"]}, {"name": data["city"]["name"]})
    with record("county"):
        county = save_clean(County, {"code": data["county"]["code"]}, {"name": data["county"]["name"], "city": city})
    for item in data["townships"]:
        with record(f"township {item.get('name', '?')}"):
            values = {"county": county, "kind": item["kind"], "pinyin": item["pinyin"], "position": item["position"]}
            save_clean(Township, {"name": item["name"]}, values)
    return 1 + bool(city) + len(data["townships"])


def load_plan_table(data):
    spec = data["document"]
    with record("document"):
        document = save_clean(
            PolicyDocument,
            {"code": spec["code"]},
            {
                "county": County.objects.get(code=spec["county"]) if spec.get("county") else None,
                "title": spec["title"],
                "issued_by": spec.get("issued_by", ""),
                "period_start": fixture_date(spec["period_start"]),
                "period_end": fixture_date(spec["period_end"]),
            },
        )
    for item in data["rows"]:
        with record(f"row {item.get('position', '?')} ({item.get('label', '?')})"):
            _load_row(document, item)
    return len(data["rows"])


def _load_row(document, item):
    township = Township.objects.get(name=item["township"]) if item["township"] else None
    row = save_clean(
        PlanTableRow,
        {"document": document, "position": item["position"]},
        {
            "label": item["label"],
            "township": township,
            "is_total": item["is_total"],
            "villages_total": item["villages_total"],
            "villages_built": item["villages_built"],
            "villages_to_build": item["villages_to_build"],
        },
    )
    for cell in item["cells"]:
        save_clean(PlanTableCell, {"row": row, "year": cell["year"], "kind": cell["kind"]}, {"count": cell["count"]})


def load_targets(data):
    document = policy_document(data["document"])
    for index, item in enumerate(data["targets"], start=1):
        with record(f"target {index} ({item.get('code', '?')})"):
            save_clean(
                Target,
                {"document": document, "code": item["code"], "due_on": fixture_date(item["due_on"])},
                {
                    "value": item["value"],
                    "clause": item["clause"],
                    "valid_from": fixture_date(item["valid_from"]),
                    "valid_to": fixture_date(item["valid_to"]),
                    "quote": item.get("quote", ""),
                },
            )
    return len(data["targets"])


def load_leading_group(data):
    document = policy_document(data["document"])
    for item in data["members"]:
        with record(f"member {item.get('position', '?')} ({item.get('name', '?')})"):
            save_clean(
                LeadingGroupMember,
                {"document": document, "position": item["position"]},
                {
                    "name": item["name"],
                    "group_role": item["group_role"],
                    "title": item["title"],
                    "department": _department(item["department"]) if item["department"] else None,
                    "township": Township.objects.get(name=item["township"]) if item["township"] else None,
                    "is_office_director": item["is_office_director"],
                },
            )
    with record("office"):
        office = data["office"]
        save_clean(
            LeadingGroupOffice,
            {"document": document},
            {"department": _department(office["department"]), "remit": office["remit"]},
        )
    return len(data["members"]) + 1


def load_duties(data):
    document = policy_document(data["document"])
    for item in data["duties"]:
        with record(f"duty {item.get('number', '?')}"):
            duty = save_clean(
                Duty,
                {"document": document, "number": item["number"]},
                {"task": item["task"], "responsible_as_published": item["responsible_as_published"]},
            )
            duty.departments.set([_department(name) for name in item["departments"]])
    return len(data["duties"])


def load_facility_standards(data):
    document = policy_document(data["document"])
    for item in data["features"]:
        with record(f"feature {item.get('code', '?')}"):
            save_clean(Feature, {"code": item["code"]}, {k: item[k] for k in ("category", "name", "position")})
    features = {feature.code: feature for feature in Feature.objects.all()}
    for item in data["standards"]:
        with record(f"standard {item.get('kind', '?')}"):
            _load_standard(document, item, features)
    return len(data["features"]) + len(data["standards"])


def _load_standard(document, item, features):
    values = {key: item[key] for key in ("clause", "min_area", "max_area", "min_beds", "reuse_expected", "approval_required")}
    values.update(rule_period(item), note=item["note"])
    standard = save_clean(FacilityStandard, {"document": document, "kind": item["kind"]}, values)
    for field in ("required_rooms", "required_equipment", "basic_services"):
        getattr(standard, field).set([features[code] for code in item[field]])


def load_key_projects(data):
    """The plan's side of each project (name, deadlines, clause); progress entered later is kept."""
    document = policy_document(data["document"])
    for position, item in enumerate(data["projects"], start=1):
        with record(f"project {item.get('code', '?')}"):
            township = Township.objects.get(name=item["township"]) if item["township"] else None
            values = {key: item[key] for key in ("name", "kind", "clause", "target_beds", "quote")}
            values.update(
                document=document,
                township=township,
                position=position,
                valid_from=fixture_date(item["valid_from"]),
                valid_to=fixture_date(item["valid_to"]),
            )
            project = save_clean(KeyProject, {"code": item["code"]}, values)
            for number, milestone in enumerate(item["milestones"], start=1):
                plan = {"name": milestone["name"], "deadline": fixture_date(milestone["deadline"]), "clause": milestone["clause"]}
                save_clean(Milestone, {"project": project, "position": number}, plan)
    return len(data["projects"])


FILES = [
    ("places.json", load_places),
    ("plan_table.json", load_plan_table),
    ("targets.json", load_targets),
    ("leading_group.json", load_leading_group),
    ("duties.json", load_duties),
    ("facility_standards.json", load_facility_standards),
    ("key_projects.json", load_key_projects),
]
