"""Each record's page shows its change history to the bureau (issue 6: audit on the record's page)."""

from auditlog.context import set_actor

from facilities.models import FacilityStatus
from tests.conftest import client_for


def test_the_facility_page_shows_who_changed_what_to_the_bureau_only(client, users, townships, make_facility):
    facility = make_facility(townships["jinluo"], beds=4)
    with set_actor(users["jinluo"]):
        facility.beds = 9
        facility.save()
    url = facility.get_absolute_url()
    page = client_for(client, users["bureau"]).get(url).content.decode()
    history = page.split("record-history", 1)[1]
    assert "变更历史" in history
    assert "township-jinluo" in history and "4" in history and "9" in history
    township_page = client_for(client, users["jinluo"]).get(url).content.decode()
    assert "record-history" not in township_page


def test_the_elder_page_shows_its_history_to_the_bureau(client, users, townships, make_village):
    from tests.visits.scope_cases import elder

    person = elder(townships["jinluo"])
    with set_actor(users["bureau"]):
        person.phone = "13800000000"
        person.save()
    page = client_for(client, users["bureau"]).get(f"/visits/elders/{person.pk}/").content.decode()
    assert "变更历史" in page and "13800000000" in page.split("record-history", 1)[1]


def test_the_history_reads_in_chinese_labels_not_stored_codes(client, users, townships, make_facility):
    with set_actor(users["jinluo"]):
        facility = make_facility(townships["jinluo"], serves_meals=False)
        facility.status = FacilityStatus.SUSPENDED
        facility.serves_meals = True
        facility.save()
    page = client_for(client, users["bureau"]).get(facility.get_absolute_url()).content.decode()
    history = page.split("record-history", 1)[1]
    assert "运营中 → 暂停" in history.replace("&rarr;", "→")  # choice labels, not "operating → suspended"
    assert "否 → 是" in history  # yes/no, not "False → True"
    assert "IP 地址" in history and "新建" in history  # auditlog's action "create" in Chinese
    for leftover in ("operating", "suspended", "False", "True", "FacilityStatusChange", "**ne", ">create<"):
        assert leftover not in history, leftover
