"""The monthly-report deadline (§3.4) as data (see zhongyang_eldercare.policy_loading)."""

from datetime import date

from facilities.models import PolicyDocument
from zhongyang_eldercare.policy_loading import PolicyDataError, record, save_clean
from zhongyang_eldercare.reports.models import ReportDeadline


def _date(value):
    return date.fromisoformat(value) if value else None


def load_deadlines(data):
    document = PolicyDocument.objects.filter(code=data["document"]).first()
    if document is None:
        raise PolicyDataError("", "document", f"unknown policy document {data['document']!r}")
    for index, item in enumerate(data["deadlines"], start=1):
        with record(f"deadline {index} ({item.get('clause', '?')})"):
            save_clean(
                ReportDeadline,
                {"document": document, "clause": item["clause"], "valid_from": _date(item["valid_from"])},
                {
                    "day_of_next_month": item["day_of_next_month"],
                    "valid_to": _date(item["valid_to"]),
                    "quote": item.get("quote", ""),
                },
            )
    return len(data["deadlines"])


FILES = [("report_deadlines.json", load_deadlines)]
