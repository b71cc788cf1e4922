"""Every admin page a bureau user can reach opens: the list and the change page of the first row it lists, for every
registered model (a change page once failed for policy rows, which belong to no township)."""

import pytest
from django.contrib import admin

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["bureau", "admin", "bureau_b"])
def test_every_admin_list_and_change_page_opens(client, county_users, who):
    client.raise_request_exception = False
    user = county_users[who]
    client_for(client, user)
    failed = []
    for model in admin.site._registry:
        meta = model._meta
        listing = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        if listing.status_code != 200:
            if listing.status_code >= 500:
                failed.append((meta.label, "list", listing.status_code))
            continue
        rows = listing.context["cl"].result_list
        if rows:
            change = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{rows[0].pk}/change/")
            if change.status_code >= 500:
                failed.append((meta.label, "change", change.status_code))
    assert not failed
