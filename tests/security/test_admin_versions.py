"""The admin checks a versioned record's version as the portal's own forms do (issue 16's "no lost updates", left open
for the admin): a change form loaded before someone else's save is refused with what they changed, nothing is written;
saving it again (now at the stored version) is a deliberate overwrite."""

import pytest

from facilities.models import Village
from tests.conftest import client_for
from tests.visits.conftest import make_elder

pytestmark = pytest.mark.django_db


def form_data(response):
    """What the change form would post back unchanged: its fields' initial values and every inline's management form."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[f"{formset.prefix}-{index}-{name}"] = "on" if value is True else str(value)
    return data


@pytest.fixture
def village(townships):
    return Village.objects.create(township=townships["jinluo"], name="版本测试村", population=800, elderly_population=150)


def test_an_admin_save_over_a_later_change_is_refused_with_what_changed(client, users, village):
    url = f"/admin/facilities/village/{village.pk}/change/"
    client_for(client, users["bureau"])
    loaded = form_data(client.get(url))
    assert loaded["version"] == "1"
    village.population = 900  # someone else saves meanwhile
    village.save()
    response = client.post(url, {**loaded, "elderly_population": "160"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "未保存" in page and "900" in page  # the refusal names the change made meanwhile
    village.refresh_from_db()
    assert (village.population, village.elderly_population, village.version) == (900, 150, 2)
    again = form_data(response)  # the form now holds the stored version: saving is a deliberate overwrite
    assert client.post(url, {**again, "elderly_population": "160"}).status_code == 302
    village.refresh_from_db()
    assert (village.elderly_population, village.version) == (160, 3)


def test_an_admin_save_of_an_elder_goes_through_the_service_with_the_version(client, users, village):
    elder = make_elder(village, phone="13700000001")
    url = f"/admin/visits/elder/{elder.pk}/change/"
    client_for(client, users["bureau"])
    loaded = form_data(client.get(url))
    elder.phone = "13700000002"
    elder.save()
    response = client.post(url, {**loaded, "phone": "13700000003"})
    assert response.status_code == 200 and "未保存" in response.content.decode()
    elder.refresh_from_db()
    assert elder.phone == "13700000002"
    fresh = form_data(client.get(url))
    assert client.post(url, {**fresh, "phone": "13700000003"}).status_code == 302
    elder.refresh_from_db()
    assert elder.phone == "13700000003"
