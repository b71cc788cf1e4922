from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, FacilityKind, FacilityStatus, Feature
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def create_url(kind=FacilityKind.DAY_CARE):
    return reverse("facilities:create", args=[kind])


@pytest.fixture
def village(townships, make_village):
    return make_village(townships["jinluo"])


def valid_data(township, village, **changes):
    rooms = Feature.objects.filter(category="room").values_list("pk", flat=True)
    data = {
        "township": township.pk,
        "village": village.pk,
        "name": "金罗镇测试日间照料中心",
        "planned_year": 2020,
        "building_source": "idle_school",
        "floor_area": "220",
        "rooms": list(rooms),
        "beds": "12",
        "status": "planned",
        "status_on": "2020-05-01",
        "approval_kind": "villagers_committee",
        "approval_date": "2020-04-01",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, user, data, url=None):
    return client_for(client, user).post(url or create_url(), data)


def test_township_staff_add_a_facility_and_its_first_status(townships, users, client, village):
    response = post(client, users["jinluo"], valid_data(townships["jinluo"], village))
    facility = Facility.objects.get(name="金罗镇测试日间照料中心")
    assert response.status_code == 302 and response["Location"] == facility.get_absolute_url()
    assert (facility.township, facility.village, facility.kind) == (townships["jinluo"], village, FacilityKind.DAY_CARE)
    assert facility.rooms.count() == Feature.objects.filter(category="room").count()
    assert list(facility.status_changes.values_list("status", "changed_on")) == [("planned", date(2020, 5, 1))]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"floor_area": "0"}, "floor_area", "建筑面积必须大于 0"),
        ({"floor_area": "-5"}, "floor_area", ""),
        ({"beds": "-1"}, "beds", ""),
        ({"approval_date": "2999-01-01"}, "approval_date", "日期不能晚于今天"),
        ({"status_on": "2999-01-01"}, "status_on", "日期不能晚于今天"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(townships, users, client, village, changes, field, message):
    response = post(client, users["jinluo"], valid_data(townships["jinluo"], village, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Facility.objects.exists()


def test_a_village_of_another_township_is_a_field_error(townships, users, client, make_village):
    other = make_village(townships["zhike"])
    response = post(client, users["jinluo"], valid_data(townships["jinluo"], other))
    assert "village" in response.context["form"].errors
    assert not Facility.objects.exists()


def test_for_the_bureau_the_village_must_lie_in_the_chosen_township(townships, users, client, make_village):
    other = make_village(townships["zhike"])
    response = post(client, users["bureau"], valid_data(townships["jinluo"], other))
    assert response.context["form"].errors["village"] == ["该行政村属于其他乡镇。"]


def test_nursing_beds_cannot_exceed_beds(townships, users, client):
    url = create_url(FacilityKind.NURSING_HOME)
    data = {"township": townships["jinluo"].pk, "name": "敬老院", "beds": "10", "nursing_beds": "11"}
    data.update(status="planned", status_on="2020-05-01")
    response = post(client, users["jinluo"], data, url)
    assert "nursing_beds" in response.context["form"].errors


def test_the_form_asks_only_what_applies_to_the_type(townships, users, client):
    client_for(client, users["jinluo"])
    happiness = client.get(create_url(FacilityKind.HAPPINESS)).context["form"].fields
    nursing = client.get(create_url(FacilityKind.NURSING_HOME)).context["form"].fields
    day_care = client.get(create_url(FacilityKind.DAY_CARE)).context["form"].fields
    assert "village" in happiness and "relocation_site" not in happiness and "open_to_public" not in happiness
    assert "village" not in nursing and "open_to_public" in nursing and "approval_kind" not in nursing
    assert "relocation_site" in day_care


def test_help_text_quotes_the_standard(townships, users, client):
    page = client_for(client, users["jinluo"]).get(create_url(FacilityKind.HAPPINESS)).content.decode()
    assert "150–200 m²" in page and "小型菜园" in page and "§2.2" in page


def test_the_village_picker_offers_only_the_users_township(townships, users, client, make_village):
    mine, other = make_village(townships["jinluo"]), make_village(townships["zhike"])
    form = client_for(client, users["jinluo"]).get(create_url()).context["form"]
    assert list(form.fields["village"].queryset) == [mine]
    assert other not in form.fields["village"].queryset


def test_township_staff_see_their_township_fixed_and_cannot_post_another(townships, users, client, village):
    form = client_for(client, users["jinluo"]).get(create_url()).context["form"]
    assert form.fields["township"].disabled and form["township"].value() == townships["jinluo"].pk
    bureau_form = client_for(client, users["bureau"]).get(create_url()).context["form"]
    assert not bureau_form.fields["township"].disabled
    data = valid_data(townships["zhike"], village, name="冒用乡镇的设施")
    assert post(client, users["jinluo"], data).status_code == 302
    assert Facility.objects.get(name="冒用乡镇的设施").township == townships["jinluo"]


def test_choosing_the_type_leads_to_the_form_for_that_type(users, client, townships):
    response = client_for(client, users["jinluo"]).get(reverse("facilities:choose_kind"), {"kind": "mutual_aid"})
    assert response["Location"] == create_url(FacilityKind.MUTUAL_AID)


def test_an_unknown_type_is_not_found(users, client, townships):
    assert client_for(client, users["jinluo"]).get(create_url("castle")).status_code == 404


def test_the_leading_group_cannot_add_facilities(townships, users, client, village):
    assert client_for(client, users["leader"]).get(reverse("facilities:choose_kind")).status_code == 403
    assert post(client, users["leader"], valid_data(townships["jinluo"], village)).status_code == 403
    assert not Facility.objects.exists()


def test_editing_keeps_the_status_and_saves_the_change(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"])
    data = valid_data(townships["jinluo"], facility.village, name="改名后", status=None, status_on=None)
    response = post(client, users["jinluo"], data, reverse("facilities:edit", args=[facility.pk]))
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.name == "改名后" and facility.status == FacilityStatus.OPERATING
    assert facility.status_changes.count() == 1


@pytest.mark.parametrize(("who", "expected"), [("zhike", 404), ("leader", 403)])
def test_others_cannot_edit(townships, users, client, make_facility, who, expected):
    facility = make_facility(townships["jinluo"])
    data = valid_data(townships["jinluo"], facility.village, name="改名后")
    assert post(client, users[who], data, reverse("facilities:edit", args=[facility.pk])).status_code == expected
    facility.refresh_from_db()
    assert facility.name != "改名后"


def test_edit_refuses_other_methods(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"])
    assert client_for(client, users["jinluo"]).delete(reverse("facilities:edit", args=[facility.pk])).status_code == 405


def test_a_relocation_site_facility_must_be_a_day_care_center(townships, make_facility, make_site):
    from django.core.exceptions import ValidationError

    facility = make_facility(townships["zhike"], relocation_site=make_site(townships["zhike"]))
    facility.kind = FacilityKind.HAPPINESS
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "relocation_site" in error.value.message_dict


def test_today_is_not_in_the_future(townships, users, client, village):
    today = timezone.localdate().isoformat()
    response = post(client, users["jinluo"], valid_data(townships["jinluo"], village, status_on=today))
    assert response.status_code == 302
    assert Facility.objects.get().status_changes.get().changed_on == timezone.localdate()


def test_the_standard_quoted_in_help_text_is_escaped(townships, users, client):
    from facilities.models import FacilityStandard

    standard = FacilityStandard.objects.by_kind(timezone.localdate())[FacilityKind.HAPPINESS]
    feature = standard.required_rooms.first()
    feature.name = "<b>餐厅</b>"
    feature.save()
    page = client_for(client, users["jinluo"]).get(create_url(FacilityKind.HAPPINESS)).content.decode()
    assert "&lt;b&gt;餐厅&lt;/b&gt;" in page and "<b>餐厅</b>" not in page
