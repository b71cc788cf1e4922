from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from tests.conftest import make_user
from zhongyang_eldercare.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("pk")


def test_account_changes_are_audited_with_actor_address_and_before_after_but_no_password(client, users):
    target = users["jinluo"]
    client.force_login(users["admin"])
    data = {
        "username": target.username,
        "first_name": "金罗镇王五",
        "last_name": "",
        "email": "",
        "role": Role.TOWNSHIP,
        "township": target.township_id,
        "is_active": "on",
    }
    response = client.post(f"/admin/accounts/user/{target.pk}/change/", data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = entries_for(target).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == users["admin"]
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["first_name"] == ["", "金罗镇王五"]
    target.set_password("Another-pass-1")
    target.save()
    assert not any("password" in (e.changes_dict or {}) for e in entries_for(target))


def test_log_entries_are_read_only_in_the_admin(client, users):
    client.force_login(users["admin"])
    entry = entries_for(users["jinluo"]).first()
    base = f"/admin/auditlog/logentry/{entry.pk}"
    assert client.get(f"{base}/change/").status_code == 200
    assert client.post(f"{base}/change/", {"action": 2}).status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/auditlog/logentry/add/").status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk, action=entry.action).exists()


def test_audit_log_page_is_for_bureau_and_admin_only(client, users):
    for role, status in [("bureau", 200), ("admin", 200), ("leader", 403), ("jinluo", 403)]:
        client.force_login(users[role])
        assert client.get("/audit/").status_code == status, role


def test_audit_log_page_filters_by_model_user_action_object_and_date(client, users, townships):
    client.force_login(users["bureau"])
    target = users["zhike"]
    target.first_name = "枝柯镇赵六"
    target.save()
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(User)
    today = timezone.localdate().isoformat()
    query = {
        "content_type": user_type.pk,
        "action": LogEntry.Action.UPDATE,
        "object_pk": target.pk,
        "since": today,
        "until": today,
    }
    response = client.get("/audit/", query)
    html = response.content.decode()
    assert "枝柯镇赵六" in html
    assert response.context["page"].paginator.count == 1
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert client.get("/audit/", {**query, "until": yesterday}).context["page"].paginator.count == 0
    assert client.get("/audit/", {"actor": users["admin"].pk}).context["page"].paginator.count == 0


def test_audit_log_page_has_constant_queries(client, users, townships, django_assert_max_num_queries):
    for number in range(60):
        make_user(Role.TOWNSHIP, townships["nuanquan"], username=f"nq{number}")
    client.force_login(users["bureau"])
    # session, user, count, page of entries (with actor and content type), content types for the filter,
    # users for the filter, savepoints; the townships the entries name (one query per kind of related record);
    # never one per entry.
    with django_assert_max_num_queries(10):
        response = client.get("/audit/")
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count >= 65


def render_history(user, obj):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load audit %}{% record_history obj %}").render(Context({"request": request, "obj": obj}))


def test_record_history_shows_changes_to_bureau_and_admin_only(users):
    target = users["jinluo"]
    target.first_name = "金罗镇李四"
    target.save()
    for role in ["bureau", "admin"]:
        html = render_history(users[role], target)
        assert "金罗镇李四" in html and "<form" not in html
    for role in ["leader", "zhike", "jinluo"]:
        assert render_history(users[role], target).strip() == ""


def test_audit_prune_deletes_only_entries_past_retention(users, settings):
    settings.AUDIT_RETENTION_DAYS = 200
    entries = LogEntry.objects.order_by("pk")
    old, recent = entries[0], entries[1]
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=201))
    LogEntry.objects.filter(pk=recent.pk).update(timestamp=timezone.now() - timedelta(days=199))
    call_command("audit_prune")
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=recent.pk).exists()
