"""Masking cannot be undone: no birth date beside a masked ID number, no search that reveals hidden digits."""

from datetime import date

import pytest
from auditlog.models import LogEntry

from tests.conftest import client_for
from tests.visits.conftest import make_elder
from zhongyang_eldercare.personal_data import id_number_search, mask_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(townships, make_village):
    return make_elder(make_village(townships["jinluo"]), birth_date=date(1938, 7, 19))


def accesses(elder):
    return LogEntry.objects.get_for_object(elder).filter(action=LogEntry.Action.ACCESS).count()


def test_the_admin_elder_list_shows_no_birth_date_beside_the_masked_id(client, users, elder):
    html = client_for(client, users["admin"]).get("/admin/visits/elder/").content.decode()
    assert mask_id_number(elder.id_number) in html
    assert "1938-07-19" not in html and "1938年7月19日" not in html and "19380719" not in html


def test_the_admin_elder_page_shows_no_birth_date_to_the_administrator(client, users, elder):
    html = client_for(client, users["admin"]).get(f"/admin/visits/elder/{elder.pk}/change/").content.decode()
    assert "1938" not in html


def test_the_leading_group_sees_the_age_not_the_birth_year_beside_the_masked_id(client, users, elder):
    html = client_for(client, users["leader"]).get(f"/visits/elders/{elder.pk}/").content.decode()
    assert mask_id_number(elder.id_number) in html
    assert "1938" not in html


@pytest.mark.parametrize("path", ["/visits/elders/", "/visits/elders/export/"])
def test_a_walk_over_the_hidden_digits_finds_nothing(client, users, elder, path):
    """The attack: ``?q=<digit><known tail>`` one digit at a time; ``endswith`` answered it for every length."""
    client_for(client, users["leader"])
    tail = elder.id_number[-4:]
    for known in range(5, 15):
        response = client.get(path, {"q": elder.id_number[-known:]})
        assert elder.name not in response.content.decode("utf-8", "replace"), known
    assert elder.name in client.get("/visits/elders/", {"q": tail}).content.decode()


def test_roles_without_full_rights_cannot_search_by_a_whole_id_number(client, users, elder):
    html = client_for(client, users["leader"]).get("/visits/elders/", {"q": elder.id_number}).content.decode()
    assert elder.name not in html


def test_a_whole_id_number_is_an_exact_search_logged_as_an_access(client, users, elder):
    before = accesses(elder)
    html = client_for(client, users["jinluo"]).get("/visits/elders/", {"q": elder.id_number.lower()}).content.decode()
    assert elder.name in html
    assert accesses(elder) == before + 1
    assert elder.name not in client.get("/visits/elders/", {"q": elder.id_number[:-1] + "0"}).content.decode()


def test_the_search_rule(users, elder):
    leader, township = users["leader"], users["jinluo"]
    assert id_number_search(leader, elder.id_number[-4:])[0] is not None
    assert id_number_search(leader, elder.id_number[-5:]) == (None, False)
    assert id_number_search(leader, elder.id_number) == (None, False)
    assert id_number_search(township, elder.id_number)[1] is True
    assert id_number_search(township, "张三") == (None, False)
