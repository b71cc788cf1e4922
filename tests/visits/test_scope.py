"""Every scoped visits model, through its scope case: other townships get 404, the leading group 403."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.visits.scope_cases import CASES
from visits.models import Elder
from zhongyang_eldercare.accounts.scoping import scoped_models


def test_every_scoped_visits_model_has_a_case():
    visits_models = {model for model in scoped_models() if model._meta.app_label == "visits"}
    assert visits_models == {case.model for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.model.__name__)
def test_for_user_keeps_each_township_to_its_own_records(case, users, townships):
    mine, theirs = case.make(townships["jinluo"]), case.make(townships["zhike"])
    visible = set(case.model.objects.for_user(users["jinluo"]).values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible
    assert {mine.pk, theirs.pk} <= set(case.model.objects.for_user(users["leader"]).values_list("pk", flat=True))


@pytest.mark.parametrize("case", [case for case in CASES if case.change_url], ids=lambda case: case.model.__name__)
@pytest.mark.parametrize(("who", "status"), [("zhike", 404), ("leader", 403), ("admin", 403)])
def test_change_pages_refuse_other_townships_and_read_only_roles(client, case, users, townships, who, status):
    instance = case.make(townships["jinluo"])
    url = reverse(case.change_url, args=[instance.pk])
    assert client_for(client, users[who]).post(url, case.change_data(instance)).status_code == status


@pytest.mark.parametrize("case", [case for case in CASES if case.detail_url], ids=lambda case: case.model.__name__)
def test_detail_pages_are_404_for_another_township(client, case, users, townships):
    instance = case.make(townships["jinluo"])
    assert client_for(client, users["zhike"]).get(reverse(case.detail_url, args=[instance.pk])).status_code == 404
    assert client_for(client, users["jinluo"]).get(reverse(case.detail_url, args=[instance.pk])).status_code == 200


def test_elder_edit_by_its_township_saves_and_wrong_method_is_405(client, users, townships):
    case = CASES[0]
    elder = case.make(townships["jinluo"])
    url = reverse(case.change_url, args=[elder.pk])
    data = case.change_data(elder) | {"address": "新地址"}
    assert client_for(client, users["jinluo"]).post(url, data).status_code == 302
    elder.refresh_from_db()
    assert elder.address == "新地址"
    assert client.delete(url).status_code == 405
    assert Elder.objects.filter(pk=elder.pk).exists()
