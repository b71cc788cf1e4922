"""Accounts belong to a county: the bureau and the leading group theirs, township staff their township's; the city
bureau reads the counties of its city and changes nothing; the administrator manages accounts per county."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.urlwalk import all_urls
from tests.conftest import PASSWORD
from zhongyang_eldercare.accounts.middleware import SELF_SERVICE_VIEWS
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.accounts.scoping import CITY, COUNTY, EVERYTHING, TOWNSHIP

pytestmark = pytest.mark.django_db


def test_each_role_reads_at_its_level(county_users):
    assert county_users["jinluo"].scope == (TOWNSHIP, county_users["jinluo"].township_id)
    assert county_users["bureau"].scope == (COUNTY, county_users["bureau"].county_id)
    assert county_users["leader_b"].scope == (COUNTY, county_users["leader_b"].county_id)
    assert county_users["admin_b"].scope == (COUNTY, county_users["admin_b"].county_id)
    assert county_users["city"].scope == (CITY, county_users["city"].city_id)
    assert county_users["admin"].scope == (EVERYTHING, None)
    assert county_users["city"].is_read_only and not county_users["city"].can_edit_records


@pytest.mark.parametrize(
    "role, township, county, city",
    [
        (Role.BUREAU, False, False, False),  # the bureau without a county
        (Role.LEADER, False, False, False),  # the leading group without a county
        (Role.CITY, False, False, False),  # the city bureau without a city
        (Role.TOWNSHIP, True, True, False),  # township staff belong to their township's county, not to one of their own
        (Role.BUREAU, False, True, True),  # the county's bureau is not the city's
    ],
)
def test_an_account_without_its_place_or_with_another_is_refused(townships, county_users, role, township, county, city):
    user = User(
        username="x-account",
        role=role,
        township=townships["jinluo"] if township else None,
        county=county_users["bureau"].county if county else None,
        city=county_users["city"].city if city else None,
    )
    user.set_password(PASSWORD)
    with pytest.raises(ValidationError):
        user.full_clean()


def changelist_names(client, user):
    client.force_login(user)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    return {account.username for account in response.context["cl"].result_list}


def test_an_administrator_of_a_county_manages_that_countys_accounts_only(client, county_users):
    names = changelist_names(client, county_users["admin_b"])
    assert names == {"bureau-b", "leader-b", "admin-b"}
    assert client.get(f"/admin/accounts/user/{county_users['bureau'].pk}/change/").status_code == 302  # no such account


def test_the_administrator_of_the_installation_manages_every_account(client, county_users):
    names = changelist_names(client, county_users["admin"])
    assert {"bureau", "bureau-b", "city", "township-jinluo"} <= names


def add_account(client, admin_user, **fields):
    client.force_login(admin_user)
    data = {"username": "new-account", "first_name": "新账户", "password1": "Xin-zhanghu-2026", "password2": "Xin-zhanghu-2026"}
    data.update({name: getattr(value, "pk", value) for name, value in fields.items()})
    return client.post("/admin/accounts/user/add/", data)


def test_an_administrator_of_a_county_cannot_make_an_account_of_another_county(client, county_users):
    response = add_account(client, county_users["admin_b"], role=Role.BUREAU, county=county_users["bureau"].county)
    assert response.status_code == 200
    assert not User.objects.filter(username="new-account").exists()


@pytest.mark.parametrize("role", [Role.CITY, Role.ADMIN])
def test_an_administrator_of_a_county_cannot_make_city_or_installation_accounts(client, county_users, role):
    city = county_users["city"].city if role == Role.CITY else ""
    add_account(client, county_users["admin_b"], role=role, county="", city=city)
    assert not User.objects.filter(username="new-account").exists()


def test_an_administrator_of_a_county_makes_an_account_of_that_county(client, county_users, second_county):
    county, township = second_county
    response = add_account(client, county_users["admin_b"], role=Role.TOWNSHIP, township=township)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else None
    account = User.objects.get(username="new-account")
    assert account.township == township and account.home_county_id == county.pk and account.must_change_password


def test_the_city_bureau_gets_no_server_error_and_403_on_every_post(client, county_users):
    client.raise_request_exception = False
    client.force_login(county_users["city"])
    for path, name in all_urls():
        assert client.get(path).status_code != 500, path
        if name not in SELF_SERVICE_VIEWS:
            assert client.post(path, {"name": "x"}).status_code == 403, path
