"""Money records the admin must not change behind the portal's services, and money rules per county (a review of the
money code found these): a payment's ledger row is corrected through the payment; evaluations are recorded through the
portal, which computes their grade; a county's bureau edits only its own plan's rules, with its own townships."""

from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.models import FacilityKind
from subsidies.models import LedgerEntry, SubsidyKind, SubsidyRule
from tests.conftest import client_for
from tests.subsidies import scope_cases

pytestmark = pytest.mark.django_db


def test_a_payments_ledger_row_cannot_be_changed_or_deleted_in_the_admin(client, users, townships):
    disbursement = scope_cases._disbursement(townships["jinluo"])
    entry = scope_cases._entry(townships["jinluo"])  # the row the ledger writes for the payment
    LedgerEntry.objects.filter(pk=entry.pk).update(disbursement=disbursement, amount=disbursement.amount)
    client_for(client, users["bureau"])
    change = f"/admin/subsidies/ledgerentry/{entry.pk}/change/"
    assert client.post(change, {"amount": "1.00"}).status_code == 403
    assert client.post(f"/admin/subsidies/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.amount == disbursement.amount
    other = scope_cases._entry(townships["jinluo"])  # an entry typed into the ledger stays editable there
    assert client.get(f"/admin/subsidies/ledgerentry/{other.pk}/change/").context["has_change_permission"]


def test_an_evaluation_is_read_in_the_admin_not_changed(client, users, townships):
    evaluation = scope_cases._evaluation(townships["jinluo"])
    client_for(client, users["bureau"])
    url = f"/admin/subsidies/evaluation/{evaluation.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "self_check"}).status_code == 403
    assert client.get("/admin/subsidies/evaluation/add/").status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.kind == "annual"


def test_another_countys_bureau_cannot_edit_this_countys_rules(client, county_users, second_county):
    rule = SubsidyRule.objects.get(kind=SubsidyKind.OPERATING, facility_kind=FacilityKind.HAPPINESS)
    client_for(client, county_users["bureau_b"])
    assert client.get(reverse("subsidies:rule_edit", args=["subsidy", rule.pk])).status_code == 404
    form = client.get(reverse("subsidies:rule_new", args=["subsidy"])).context["form"]
    county, township = second_county
    assert {document.county_id for document in form.fields["document"].queryset} == {county.pk}
    assert list(form.fields["townships"].queryset) == [township]


def test_a_countys_bureau_picks_among_its_own_townships_and_plan(client, users, townships):
    client_for(client, users["bureau"])
    form = client.get(reverse("subsidies:rule_new", args=["subsidy"])).context["form"]
    assert set(form.fields["townships"].queryset) == set(townships.values())
    codes = {document.code for document in form.fields["document"].queryset}
    assert "中办发〔2020〕22号" in codes and "民政部等十部门〔2022年10月〕" not in codes  # the national guidance: every county's


def test_the_pilot_townships_in_the_admin_are_the_users_own(client, county_users, second_county):
    rule = SubsidyRule.objects.filter(townships__isnull=False).first() or SubsidyRule.objects.first()
    client_for(client, county_users["bureau_b"])
    response = client.get(f"/admin/subsidies/subsidyrule/{rule.pk}/change/")
    choices = response.context["adminform"].form.fields["townships"].queryset
    assert list(choices) == [second_county[1]]


def test_a_part_months_pay_is_rounded_half_up_to_the_fen(townships):
    from datetime import date

    from staffing.figures import post_pay
    from tests.staffing.conftest import make_plain_facility, make_post

    # 1,000.05 a month, open 15 of June's 30 days: 500.025, half up 500.03 (half-even would give 500.02)
    facility = make_plain_facility(townships["jinluo"])
    post = make_post(facility, since=date(2021, 6, 16), until=date(2021, 6, 30), monthly_pay=Decimal("1000.05"))
    assert post_pay(post, first=date(2021, 1, 1), last=date(2021, 12, 31)) == Decimal("500.03")
