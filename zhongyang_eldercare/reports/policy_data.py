"""The monthly-report deadline (§3.4) as data (see zhongyang_eldercare.policy_loading)."""

from facilities.policy_data import policy_document
from zhongyang_eldercare.policy_loading import fixture_date, record, save_clean
from zhongyang_eldercare.reports.models import ReportDeadline


def load_deadlines(data):
    document = policy_document(data["document"])
    for index, item in enumerate(data["deadlines"], start=1):
        with record(f"deadline {index} ({item.get('clause', '?')})"):
            save_clean(
                ReportDeadline,
                {"document": document, "clause": item["clause"], "valid_from": fixture_date(item["valid_from"])},
                {
                    "day_of_next_month": item["day_of_next_month"],
                    "valid_to": fixture_date(item["valid_to"]),
                    "quote": item.get("quote", ""),
                },
            )
    return len(data["deadlines"])


FILES = [("report_deadlines.json", load_deadlines)]
