"""The mutual-help and centralized-care networks (§2.6): who may link elders, scoping, end dates, the elder page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilities.models import Facility
from tests.conftest import client_for
from tests.visits.conftest import make_elder
from visits.models import MutualHelpPair, Placement, SelfCare
from visits.services import change_status

START = date(2021, 1, 4)
END_BEFORE_START = "结束日期早于开始日期。"


@pytest.fixture
def elder(jinluo_village):
    return make_elder(jinluo_village, name="张大爷", self_care=SelfCare.PARTIAL)


@pytest.fixture
def neighbour(jinluo_village):
    return make_elder(jinluo_village, name="李大娘")


@pytest.fixture
def home(townships):
    return Facility.objects.create(kind="nursing_home", name="金罗镇测试敬老院", township=townships["jinluo"])


def network_url(elder, kind):
    return reverse("visits:network_add", args=[elder.pk, kind])


def pair_post(partner, since=START, until=None):
    return {"partner": partner.pk, "since": since.isoformat(), "until": until.isoformat() if until else "", "note": ""}


def placement_post(facility, since=START, until=None):
    return {"facility": facility.pk, "since": since.isoformat(), "until": until.isoformat() if until else "", "note": ""}


def make_pair(elder, partner, since=START, until=None):
    pair = MutualHelpPair(elder=elder, partner=partner, since=since, until=until)
    pair.full_clean()
    pair.save()
    return pair


def make_placement(elder, facility, since=START, until=None):
    placement = Placement(elder=elder, facility=facility, since=since, until=until)
    placement.full_clean()
    placement.save()
    return placement


# --- Who may create them -------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("jinluo", 302), ("bureau", 302), ("zhike", 404), ("leader", 403), ("admin", 403)])
def test_a_pair_is_made_by_the_elders_township_or_the_bureau_only(client, users, elder, neighbour, who, status):
    response = client_for(client, users[who]).post(network_url(elder, "pair"), pair_post(neighbour))
    assert response.status_code == status
    assert MutualHelpPair.objects.filter(elder=elder, partner=neighbour).exists() == (status == 302)
    if status == 302:
        assert response["Location"] == elder.get_absolute_url()


@pytest.mark.parametrize(("who", "status"), [("jinluo", 302), ("bureau", 302), ("zhike", 404), ("leader", 403), ("admin", 403)])
def test_a_placement_is_recorded_by_the_elders_township_or_the_bureau_only(client, users, elder, home, who, status):
    response = client_for(client, users[who]).post(network_url(elder, "placement"), placement_post(home))
    assert response.status_code == status
    assert Placement.objects.filter(elder=elder, facility=home).exists() == (status == 302)


@pytest.mark.parametrize("kind", ["pair", "placement"])
@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_network_form_answers_only_get_and_post(client, users, elder, kind, method):
    # the form page takes GET (the form) and POST (the save); anything else is 405 and changes nothing
    response = getattr(client_for(client, users["jinluo"]), method)(network_url(elder, kind))
    assert response.status_code == 405
    assert not MutualHelpPair.objects.exists() and not Placement.objects.exists()


def test_an_unknown_network_is_404(client, users, elder):
    assert client_for(client, users["jinluo"]).get(network_url(elder, "friends")).status_code == 404


def test_the_form_pages_show_their_title_to_the_township(client, users, elder):
    client_for(client, users["jinluo"])
    assert "结对" in client.get(network_url(elder, "pair")).content.decode()
    assert client_for(client, users["leader"]).get(network_url(elder, "pair")).status_code == 403


# --- Scoping -------------------------------------------------------------------------------------------


def test_the_partner_is_chosen_among_active_elders_of_the_same_township(client, users, elder, neighbour, zhike_village):
    stranger = make_elder(zhike_village, name="枝柯老人")
    gone = make_elder(elder.village, name="已故老人")
    change_status(elder=gone, status="deceased", on=date(2021, 5, 1), by=users["jinluo"])
    form = client_for(client, users["jinluo"]).get(network_url(elder, "pair")).context["form"]
    assert list(form.fields["partner"].queryset) == [neighbour]
    response = client.post(network_url(elder, "pair"), pair_post(stranger))
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert not MutualHelpPair.objects.exists()


def test_a_partner_from_another_township_is_refused_in_the_model_too(elder, zhike_village):
    with pytest.raises(ValidationError) as error:
        make_pair(elder, make_elder(zhike_village))
    assert error.value.message_dict["partner"] == ["结对老人须在同一乡镇。"]


def test_an_elder_cannot_be_paired_with_themselves(elder):
    with pytest.raises(ValidationError) as error:
        make_pair(elder, elder)
    assert error.value.message_dict["partner"] == ["请选择另一位老人。"]


def test_a_pair_with_a_partner_who_died_must_end_by_that_day(elder, neighbour, users):
    change_status(elder=neighbour, status="deceased", on=date(2021, 5, 1), by=users["jinluo"], today=date(2021, 6, 1))
    neighbour.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        make_pair(elder, neighbour)  # still running
    assert "2021-05-01" in error.value.message_dict["partner"][0]
    assert make_pair(elder, neighbour, until=date(2021, 5, 1)).pk  # the pair they had, ended that day


def test_the_facility_is_chosen_in_the_elders_township(client, users, elder, home, townships):
    elsewhere = Facility.objects.create(kind="nursing_home", name="枝柯镇测试敬老院", township=townships["zhike"])
    form = client_for(client, users["jinluo"]).get(network_url(elder, "placement")).context["form"]
    assert list(form.fields["facility"].queryset) == [home]
    response = client.post(network_url(elder, "placement"), placement_post(elsewhere))
    assert response.status_code == 200 and "facility" in response.context["form"].errors
    with pytest.raises(ValidationError) as error:
        make_placement(elder, elsewhere)
    assert error.value.message_dict["facility"] == ["请选择老人所在乡镇的机构。"]
    assert not Placement.objects.exists()


def test_centralized_care_is_refused_for_an_elder_who_looks_after_themselves(client, users, neighbour, home):
    response = client_for(client, users["jinluo"]).post(network_url(neighbour, "placement"), placement_post(home))
    assert response.status_code == 200
    assert "集中照护面向不能自理的老年人（§2.6）。" in response.content.decode()
    assert not Placement.objects.exists()


def test_each_township_sees_only_its_own_pairs_and_placements(users, elder, neighbour, home, zhike_village, townships):
    pair, placement = make_pair(elder, neighbour), make_placement(elder, home)
    theirs = make_elder(zhike_village, self_care=SelfCare.DISABLED)
    their_pair = make_pair(theirs, make_elder(zhike_village))
    their_home = Facility.objects.create(kind="nursing_home", name="枝柯镇敬老院", township=townships["zhike"])
    their_placement = make_placement(theirs, their_home)
    assert list(MutualHelpPair.objects.for_user(users["jinluo"])) == [pair]
    assert list(Placement.objects.for_user(users["jinluo"])) == [placement]
    assert set(MutualHelpPair.objects.for_user(users["bureau"])) == {pair, their_pair}
    assert set(Placement.objects.for_user(users["leader"])) == {placement, their_placement}


# --- End dates ---------------------------------------------------------------------------------------


def test_an_ended_pair_or_placement_is_not_current_after_its_last_day(elder, neighbour, home):
    last_day = date(2021, 6, 30)
    pair = make_pair(elder, neighbour, until=last_day)
    placement = make_placement(elder, home, until=last_day)
    for model, record in ((MutualHelpPair, pair), (Placement, placement)):
        assert list(model.objects.current(last_day)) == [record]
        assert not model.objects.current(last_day + timedelta(days=1)).exists()
        assert not model.objects.current(START - timedelta(days=1)).exists()
        assert (record.holds_on(last_day), record.holds_on(last_day + timedelta(days=1))) == (True, False)


def test_an_open_ended_pair_stays_current(elder, neighbour):
    pair = make_pair(elder, neighbour)
    assert list(MutualHelpPair.objects.current(date(2030, 1, 1))) == [pair]


@pytest.mark.parametrize("kind", ["pair", "placement"])
def test_an_end_before_the_start_is_refused_next_to_the_end_date(client, users, elder, neighbour, home, kind):
    before = START - timedelta(days=1)
    data = pair_post(neighbour, until=before) if kind == "pair" else placement_post(home, until=before)
    response = client_for(client, users["jinluo"]).post(network_url(elder, kind), data)
    assert response.status_code == 200
    assert response.context["form"].errors["until"] == [END_BEFORE_START]
    assert END_BEFORE_START in response.content.decode()
    assert not MutualHelpPair.objects.exists() and not Placement.objects.exists()


def test_the_model_refuses_an_end_before_the_start_for_the_admin_and_imports_too(elder, neighbour, home):
    for record in (
        MutualHelpPair(elder=elder, partner=neighbour, since=START, until=START - timedelta(days=1)),
        Placement(elder=elder, facility=home, since=START, until=START - timedelta(days=1)),
    ):
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert error.value.message_dict["until"] == [END_BEFORE_START]


# --- The elder page ----------------------------------------------------------------------------------


def test_the_elder_page_lists_current_and_past_pairs_and_placements(client, users, elder, neighbour, home, jinluo_village):
    former = make_elder(jinluo_village, name="王大爷")
    make_pair(elder, neighbour, since=date(2021, 7, 1))
    make_pair(former, elder, since=START, until=date(2021, 6, 30))  # the elder was the partner
    make_placement(elder, home, since=START, until=date(2021, 3, 31))
    make_placement(elder, home, since=date(2021, 4, 1))
    html = client_for(client, users["jinluo"]).get(elder.get_absolute_url()).content.decode()
    networks = html.split("<h2>三网络</h2>", 1)[1].split("<h2>", 1)[0]
    assert "李大娘 · 起始 2021-07-01</li>" in networks  # current: no end, no badge
    assert "王大爷 · 起始 2021-01-04 – 2021-06-30" in networks and networks.count("已结束") == 2
    assert "金罗镇测试敬老院 · 起始 2021-01-04 – 2021-03-31" in networks
    assert "金罗镇测试敬老院 · 起始 2021-04-01</li>" in networks


def test_the_partner_page_shows_the_pair_from_the_other_side(client, users, elder, neighbour):
    make_pair(elder, neighbour, since=START)
    html = client_for(client, users["bureau"]).get(neighbour.get_absolute_url()).content.decode()
    assert "张大爷 · 起始 2021-01-04" in html


def test_a_pair_made_through_the_form_appears_on_the_elder_page(client, users, elder, neighbour):
    client = client_for(client, users["jinluo"])
    response = client.post(network_url(elder, "pair"), pair_post(neighbour), follow=True)
    assert "已保存。" in response.content.decode()
    assert "李大娘 · 起始 2021-01-04" in response.content.decode()
