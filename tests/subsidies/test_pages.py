"""The money pages as their users use them: what they show, who may act, errors next to the field, flat query counts."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import FacilityKind
from subsidies import services
from subsidies.models import Award, AwardStatus, Evaluation, EvaluationKind, FundingSource, LedgerEntry, SubsidyKind
from tests.conftest import client_for
from tests.subsidies.conftest import OPERATING_2021, scores_for_total, staff

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1  # the year the pages open on
HISTORY = [(status, day.replace(year=YEAR - 1)) for status, day in OPERATING_2021]


@pytest.fixture
def computed(users, make_facility, townships):
    """make(count, township="jinluo") -> facilities with a computed, partly approved and paid year of awards."""

    def make(count, township="jinluo"):
        facilities = [
            staff(make_facility(townships[township], FacilityKind.DAY_CARE, history=HISTORY, serves_meals=True))
            for _ in range(count)
        ]
        for facility in facilities:
            services.record_evaluation(
                facility=facility,
                kind=EvaluationKind.ANNUAL,
                evaluated_on=date(YEAR, 11, 1),
                evaluators="评估组",
                scores=scores_for_total(85, date(YEAR, 11, 1)),
                rectifications=[("补齐台账", date(YEAR + 1, 3, 1))],
                by=users["bureau"],
            )
            entry = LedgerEntry(
                year=YEAR,
                facility=facility,
                source=FundingSource.objects.get(code="donation"),
                received_on=date(YEAR, 5, 1),
                amount=Decimal("100.10"),
                donor="乡贤甲",
            )
            services.save_ledger_entry(entry=entry, by=users["bureau"])
        services.compute_awards(year=YEAR, by=users["bureau"])
        return facilities

    return make


def approve_and_pay(awards, checker, payer):
    for award in awards:
        services.approve_award(award=award, by=checker)
        services.record_disbursement(award=award, paid_on=timezone.localdate(), amount=Decimal("1000.00"), voucher="V1", by=payer)


def count_queries(client, url):
    # One request first: the first request after login refreshes the session (saved at most once a minute,
    # zhongyang_eldercare.accounts), and the counts compared here are the page's own.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


# --- the awards list ------------------------------------------------------------------------------


def test_award_list_shows_totals_in_yuan_and_the_compute_form_to_the_bureau(client, users, checker, computed):
    facilities = computed(2)
    approve_and_pay(Award.objects.filter(facility=facilities[0]), checker, users["bureau"])
    html = client_for(client, users["bureau"]).get(reverse("subsidies:awards")).content.decode()
    assert f"{YEAR}年度补助与奖补" in html
    assert "30,000.00" in html and "100,000.00" in html
    assert "测算补助" in html and "下载补助测算表" in html
    assert "2,000.00" in html  # paid: two awards of the first facility, 1,000.00 each
    assert "补助金额如何测算" in html


def test_township_staff_see_their_township_and_cannot_compute(client, users, computed):
    computed(1)
    computed(1, township="zhike")
    client_for(client, users["jinluo"])
    html = client.get(reverse("subsidies:awards")).content.decode()
    assert "金罗镇" in html and "枝柯镇" not in html
    assert 'action="/subsidies/compute/"' not in html
    assert client.post(reverse("subsidies:compute"), {"year": YEAR}).status_code == 403


def test_award_list_query_count_stays_flat(client, users, checker, computed):
    client_for(client, users["bureau"])
    approve_and_pay(Award.objects.filter(facility__in=computed(2)), checker, users["bureau"])
    small, _response = count_queries(client, reverse("subsidies:awards"))
    approve_and_pay(Award.objects.filter(facility__in=computed(8, township="zhike")), checker, users["bureau"])
    large, response = count_queries(client, reverse("subsidies:awards"))
    assert small == large
    assert response.content.decode().count('href="/subsidies/awards/') == 20


def test_award_list_queries_are_bounded(client, users, computed, django_assert_max_num_queries):
    computed(6)
    client_for(client, users["bureau"])
    # session, user, menu township; filter townships; township totals; disbursed by township; the awards with
    # their facility, place, source and users and the sum paid (one query); savepoint/update/release of the session
    with django_assert_max_num_queries(12):
        client.get(reverse("subsidies:awards"))


def test_computing_from_the_page_reports_what_changed(client, users, computed):
    computed(1)
    client_for(client, users["bureau"])
    response = client.post(reverse("subsidies:compute"), {"year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    assert "本次测算的变化" in html and "未变 2 项" in html


def test_computing_a_future_year_is_refused_next_to_the_field(client, users):
    client_for(client, users["bureau"])
    response = client.post(reverse("subsidies:compute"), {"year": YEAR + 5})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


# --- approving and paying from the award page -------------------------------------------------------


def test_the_maker_sees_no_approve_button_and_a_checker_approves(client, users, checker, computed):
    facility = computed(1)[0]
    award = Award.objects.get(facility=facility, kind=SubsidyKind.OPERATING)
    html = client_for(client, users["bureau"]).get(award.get_absolute_url()).content.decode()
    assert "须由另一位工作人员审批" in html and "/approve/" not in html
    client.post(reverse("subsidies:approve", args=[award.pk]))
    award.refresh_from_db()
    assert award.status == AwardStatus.PROPOSED
    client_for(client, checker).post(reverse("subsidies:approve", args=[award.pk]))
    award.refresh_from_db()
    assert (award.status, award.approved_by) == (AwardStatus.APPROVED, checker)


def test_paying_more_than_approved_is_refused_next_to_the_amount(client, users, checker, computed):
    facility = computed(1)[0]
    award = services.approve_award(award=Award.objects.get(facility=facility, kind=SubsidyKind.OPERATING), by=checker)
    client_for(client, users["bureau"])
    data = {"paid_on": timezone.localdate().isoformat(), "amount": "30000.01", "voucher": "V-1"}
    response = client.post(reverse("subsidies:disburse", args=[award.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "将超过审批金额" in html and 'value="30000.01"' in html  # the form keeps what was typed
    assert not LedgerEntry.objects.filter(disbursement__award=award).exists()
    data["amount"] = "30000.00"
    assert client.post(reverse("subsidies:disburse", args=[award.pk]), data).status_code == 302
    assert LedgerEntry.objects.get(disbursement__award=award).amount == Decimal("30000.00")


def test_paying_before_approval_is_refused(client, users, computed):
    facility = computed(1)[0]
    award = Award.objects.get(facility=facility, kind=SubsidyKind.OPERATING)
    data = {"paid_on": timezone.localdate().isoformat(), "amount": "10.00", "voucher": "V-1"}
    response = client_for(client, users["bureau"]).post(reverse("subsidies:disburse", args=[award.pk]), data)
    assert response.status_code == 400
    assert "审批前不能拨付" in response.content.decode()


# --- the facility's money page -------------------------------------------------------------------------


def test_facility_money_page_shows_evaluations_awards_with_reasons_and_ledger(client, users, computed):
    facility = computed(1)[0]
    html = client_for(client, users["jinluo"]).get(reverse("subsidies:facility", args=[facility.pk])).content.decode()
    assert "85.0 分" in html and "良好" in html and "补齐台账" in html
    assert "30,000.00 × 365 / 365 = 30,000.00 元" in html
    assert "100,000.00" in html
    assert "乡贤甲" in html and "100.10" in html
    assert "录入自查" in html  # township staff record a self-check, not an evaluation


def test_facility_money_page_query_count_stays_flat(client, users, checker, computed):
    facility = computed(1)[0]
    client_for(client, users["bureau"])
    url = reverse("subsidies:facility", args=[facility.pk])
    small, _response = count_queries(client, url)
    for number in range(4):
        services.record_evaluation(
            facility=facility,
            kind=EvaluationKind.STAGE,
            evaluated_on=date(YEAR, 3 + number, 1),
            evaluators="评估组",
            scores=scores_for_total(70, date(YEAR, 3, 1)),
            rectifications=[("整改", date(YEAR, 12, 1))],
            by=users["bureau"],
        )
        entry = LedgerEntry(
            year=YEAR - number,
            facility=facility,
            source=FundingSource.objects.get(code="elder"),
            received_on=date(YEAR - number, 5, 1),
            amount=Decimal("10"),
        )
        services.save_ledger_entry(entry=entry, by=users["bureau"])
    approve_and_pay(Award.objects.filter(facility=facility), checker, users["bureau"])
    large, response = count_queries(client, url)
    assert small == large
    assert response.content.decode().count("阶段性评估") == 4


def test_the_facility_page_shows_the_money_block(client, users, computed):
    facility = computed(1)[0]
    html = client_for(client, users["jinluo"]).get(facility.get_absolute_url()).content.decode()
    assert 'id="money"' in html and "85.0 分" in html and "100.10" in html


# --- evaluations ---------------------------------------------------------------------------------------


def evaluation_data(total=85, kind="annual", on=None, **overrides):
    on = on or date(YEAR, 10, 1)
    data = {"kind": kind, "evaluated_on": on.isoformat(), "evaluators": "评估组", "findings": ""}
    data.update({f"score_{code}": str(score) for code, score in scores_for_total(total, on).items()})
    data.update(overrides)
    return data


def test_the_bureau_records_an_evaluation_and_the_grade_follows(client, users, make_facility, townships):
    facility = make_facility(townships["jinluo"])
    client_for(client, users["bureau"])
    response = client.post(reverse("subsidies:evaluate", args=[facility.pk]), evaluation_data(90))
    evaluation = Evaluation.objects.get(facility=facility)
    assert response.status_code == 302
    assert (evaluation.total, evaluation.grade) == (Decimal("90.0"), "excellent")


def test_a_score_above_the_indicators_maximum_is_refused_next_to_it(client, users, make_facility, townships):
    facility = make_facility(townships["jinluo"])
    client_for(client, users["bureau"])
    response = client.post(reverse("subsidies:evaluate", args=[facility.pk]), evaluation_data(80, score_meals="25"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "确保该值小于或等于20" in html or "20" in html.split('id="id_score_meals"')[1][:600]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("score", ["-1", "abc"])
def test_a_negative_or_garbled_score_is_refused(client, users, make_facility, townships, score):
    facility = make_facility(townships["jinluo"])
    response = client_for(client, users["bureau"]).post(
        reverse("subsidies:evaluate", args=[facility.pk]), evaluation_data(80, score_safety=score)
    )
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_township_staff_record_a_self_check_but_not_an_annual_evaluation(client, users, make_facility, townships):
    facility = make_facility(townships["jinluo"])
    client_for(client, users["jinluo"])
    refused = client.post(reverse("subsidies:evaluate", args=[facility.pk]), evaluation_data(80, kind="annual"))
    assert refused.status_code == 400 and not Evaluation.objects.exists()
    saved = client.post(reverse("subsidies:evaluate", args=[facility.pk]), evaluation_data(80, kind="self_check"))
    assert saved.status_code == 302
    assert Evaluation.objects.get().kind == EvaluationKind.SELF_CHECK


def test_an_evaluation_before_the_checklist_was_in_force_is_refused(client, users, make_facility, townships):
    facility = make_facility(townships["jinluo"])
    client_for(client, users["bureau"])
    data = evaluation_data(80)
    data["evaluated_on"] = "2019-06-01"
    response = client.post(reverse("subsidies:evaluate", args=[facility.pk]), data)
    assert response.status_code == 400
    assert "该日期没有现行的评估指标" in response.content.decode()


def test_a_rectification_deadline_before_the_evaluation_is_refused_next_to_it(client, users, make_facility, townships):
    facility = make_facility(townships["jinluo"])
    data = evaluation_data(80, rectification_1="修缮消防通道", deadline_1=f"{YEAR}-01-01")
    response = client_for(client, users["bureau"]).post(reverse("subsidies:evaluate", args=[facility.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "整改期限早于评估日期" in html.split('id="id_deadline_1"')[1][:400]
    assert not Evaluation.objects.exists()


# --- the funding ledger ---------------------------------------------------------------------------------


def ledger_data(facility, **overrides):
    data = {
        "year": YEAR,
        "facility": facility.pk,
        "source": FundingSource.objects.get(code="village_collective").pk,
        "received_on": f"{YEAR}-03-01",
        "amount": "5000.00",
        "donor": "",
        "note": "集体收益",
    }
    data.update(overrides)
    return data


def test_township_staff_add_ledger_entries_for_their_own_facilities(client, users, make_facility, townships):
    own, other = make_facility(townships["jinluo"]), make_facility(townships["zhike"])
    client_for(client, users["jinluo"])
    assert client.post(reverse("subsidies:ledger_new"), ledger_data(own)).status_code == 302
    refused = client.post(reverse("subsidies:ledger_new"), ledger_data(other))
    assert refused.status_code == 400
    assert LedgerEntry.objects.get().facility == own


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-5"}, "金额必须大于0"),
        ({"amount": "0"}, "金额必须大于0"),
        ({"source": "donation", "donor": ""}, "社会捐赠须填写捐赠人"),
        ({"received_on": "2099-01-01"}, "日期不能晚于今天"),
    ],
)
def test_bad_ledger_input_is_refused_with_a_message_next_to_the_field(
    client, users, make_facility, townships, overrides, message
):
    facility = make_facility(townships["jinluo"])
    if overrides.get("source") == "donation":
        overrides["source"] = FundingSource.objects.get(code="donation").pk
    response = client_for(client, users["jinluo"]).post(reverse("subsidies:ledger_new"), ledger_data(facility, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_an_entry_of_a_paid_award_cannot_be_edited_by_hand(client, users, checker, computed):
    facility = computed(1)[0]
    approve_and_pay(Award.objects.filter(facility=facility, kind=SubsidyKind.OPERATING), checker, users["bureau"])
    entry = LedgerEntry.objects.get(disbursement__isnull=False)
    assert client_for(client, users["bureau"]).get(reverse("subsidies:ledger_edit", args=[entry.pk])).status_code == 403


def test_ledger_shows_sums_by_source_per_township_for_the_county(client, users, checker, computed):
    facilities = computed(2)
    approve_and_pay(Award.objects.filter(facility__in=facilities, kind=SubsidyKind.OPERATING), checker, users["bureau"])
    html = client_for(client, users["bureau"]).get(reverse("subsidies:ledger")).content.decode()
    assert "县级财政" in html and "社会捐赠" in html and "光伏扶贫收益" in html
    # county finance, donations, the posts' pay (2 facilities × 2 posts × 12 months × 1,500.00), the total
    assert "2,000.00" in html and "200.20" in html and "72,000.00" in html and "74,200.20" in html


def test_ledger_lists_its_entries_a_page_at_a_time_in_a_fixed_number_of_queries(client, users, make_facility, townships):
    from subsidies.views import LIST_PAGE_SIZE as LEDGER_PAGE_SIZE

    facility = make_facility(townships["jinluo"])
    source = FundingSource.objects.get(code="village_collective")

    def add(count):
        LedgerEntry.objects.bulk_create(
            LedgerEntry(year=YEAR, facility=facility, source=source, received_on=date(YEAR, 3, 1), amount=Decimal("10.00"))
            for _ in range(count)
        )

    client_for(client, users["bureau"])
    add(3)
    few, _response = count_queries(client, reverse("subsidies:ledger"))
    add(LEDGER_PAGE_SIZE)
    many, response = count_queries(client, reverse("subsidies:ledger"))
    assert many == few
    html = response.content.decode()
    assert html.count('<td class="num">10.00</td>') == LEDGER_PAGE_SIZE and "第 1 页，共 2 页" in html
    assert f"{(LEDGER_PAGE_SIZE + 3) * 10:,}.00" in html  # the sums cover every entry, not the page
    second = client.get(reverse("subsidies:ledger"), {"page": 2}).content.decode()
    assert second.count('<td class="num">10.00</td>') == 3


def test_evaluations_list_a_page_at_a_time_in_a_fixed_number_of_queries(client, users, make_facility, townships):
    from subsidies.views import LIST_PAGE_SIZE

    facility = make_facility(townships["jinluo"])

    def add(count):
        Evaluation.objects.bulk_create(
            Evaluation(facility=facility, kind=EvaluationKind.ANNUAL, evaluated_on=date(YEAR, 11, 2), evaluators="评估组",
                       total=Decimal("85.0"), grade="good", recorded_by=users["bureau"])
            for _ in range(count)
        )  # fmt: skip

    client_for(client, users["bureau"])
    add(2)
    few, _response = count_queries(client, reverse("subsidies:evaluations"))
    add(LIST_PAGE_SIZE)
    many, response = count_queries(client, reverse("subsidies:evaluations"))
    assert many == few
    html = response.content.decode()
    assert html.count('<td class="num">85.0</td>') == LIST_PAGE_SIZE and "第 1 页，共 2 页" in html
    assert client.get(reverse("subsidies:evaluations"), {"page": 2}).content.decode().count('<td class="num">85.0</td>') == 2


# --- exports, read back ---------------------------------------------------------------------------------


def read(response):
    return load_workbook(BytesIO(response.content))


def test_the_award_calculation_sheet_can_be_checked_line_by_line(client, users, checker, computed):
    facilities = computed(2)
    approve_and_pay(Award.objects.filter(facility=facilities[0], kind=SubsidyKind.OPERATING), checker, users["bureau"])
    response = client_for(client, users["bureau"]).get(reverse("subsidies:award_export") + f"?year={YEAR}")
    sheet = read(response).worksheets[0]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    awards = rows[:-1]
    assert len(awards) == 4
    assert sheet.cell(row=3, column=8).value.startswith("测算依据")
    assert all(isinstance(row[8], (int, float)) for row in awards)
    operating = [row for row in awards if row[5] == "县级运营补贴（每年）"]
    assert {row[8] for row in operating} == {30000}
    assert "30,000.00 × 365 / 365 = 30,000.00 元" in operating[0][7]
    assert rows[-1][0] == "总数" and rows[-1][8] == 260000 and rows[-1][13] == 1000
    assert sheet.cell(row=4, column=9).number_format == "#,##0.00"


def test_award_export_query_count_stays_flat(client, users, computed):
    client_for(client, users["bureau"])
    computed(2)
    small, _response = count_queries(client, reverse("subsidies:award_export"))
    computed(6, township="zhike")
    large, _response = count_queries(client, reverse("subsidies:award_export"))
    assert small == large


def test_the_funding_summary_adds_up_to_the_fen(client, users, checker, computed):
    facilities = computed(3)
    approve_and_pay(Award.objects.filter(facility__in=facilities, kind=SubsidyKind.OPERATING), checker, users["bureau"])
    response = client_for(client, users["bureau"]).get(reverse("subsidies:funding_export") + f"?year={YEAR}")
    workbook = read(response)
    summary = workbook.worksheets[0]
    header = [cell.value for cell in summary[3]]
    total_row = [cell.value for cell in list(summary.iter_rows(min_row=4))[-1]]
    assert total_row[0] == "总数"
    assert total_row[header.index("政府投入·县级财政")] == 3000
    assert Decimal(str(total_row[header.index("社会捐赠·社会捐赠")])) == Decimal("300.30")
    sources = sum(Decimal(str(value or 0)) for value in total_row[2:-1])
    assert Decimal(str(total_row[-1])) == sources  # the total is the sum of its sources, to the fen
    assert [sheet.title for sheet in workbook.worksheets] == ["资金来源汇总", "按设施", "台账明细", "岗位工资"]


def test_funding_export_query_count_stays_flat(client, users, computed):
    client_for(client, users["bureau"])
    computed(2)
    small, _response = count_queries(client, reverse("subsidies:funding_export"))
    computed(6, township="zhike")
    large, _response = count_queries(client, reverse("subsidies:funding_export"))
    assert small == large


# --- the rules ------------------------------------------------------------------------------------------


def test_the_bureau_edits_a_rule_and_township_staff_cannot(client, users):
    from subsidies.models import SubsidyRule

    rule = SubsidyRule.objects.get(kind=SubsidyKind.OPERATING, facility_kind=FacilityKind.HAPPINESS)
    url = reverse("subsidies:rule_edit", args=["subsidy", rule.pk])
    assert client_for(client, users["jinluo"]).get(url).status_code == 403
    client_for(client, users["bureau"])
    page = client.get(url)
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    data.update(amount="25000.00", townships=[], requires_standard="", valid_to="")
    data["requires_operation"] = "on"
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.amount == Decimal("25000.00")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("valid_from", "2019-01-01", "日期超出文件的有效期"), ("amount", "-1", "")],
)
def test_a_rule_outside_its_documents_period_or_negative_is_refused(client, users, field, value, message):
    from subsidies.models import SubsidyRule

    rule = SubsidyRule.objects.get(kind=SubsidyKind.OPERATING, facility_kind=FacilityKind.HAPPINESS)
    url = reverse("subsidies:rule_edit", args=["subsidy", rule.pk])
    client_for(client, users["bureau"])
    data = {key: value for key, value in client.get(url).context["form"].initial.items() if value is not None}
    data.update(townships=[], requires_standard="", requires_operation="on", valid_to="", **{field: value})
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    rule.refresh_from_db()
    assert rule.amount == Decimal("20000.00") and rule.valid_from == date(2020, 1, 1)


def test_the_rules_page_lists_each_rule_with_its_clause(client, users):
    html = client_for(client, users["leader"]).get(reverse("subsidies:rules")).content.decode()
    assert "30,000.00" in html and "100,000.00" in html and "§3(三)" in html
    assert "老人满意度" in html and "福利彩票公益金" in html
    assert "/subsidies/rules/subsidy/" not in html  # the leading group reads, it does not edit


def test_a_checker_approves_the_listed_proposals_of_others_in_one_go(client, users, checker, computed):
    computed(2)
    client_for(client, checker)
    assert "审批下列由其他人员提出的补助" in client.get(reverse("subsidies:awards")).content.decode()
    response = client.post(reverse("subsidies:approve_all"), {"year": YEAR})
    assert response.status_code == 302
    assert not Award.objects.filter(status=AwardStatus.PROPOSED).exists()
    services.compute_awards(year=YEAR, by=checker)  # nothing left to approve for the maker's own
    client_for(client, users["bureau"])
    assert "审批下列由其他人员提出的补助" not in client.get(reverse("subsidies:awards")).content.decode()


def test_the_maker_approving_in_one_go_approves_none_of_their_own(users, computed):
    computed(1)
    approved, left = services.approve_awards(awards=Award.objects.all(), by=users["bureau"])
    assert (approved, left) == (0, 2)
    assert not Award.objects.filter(status=AwardStatus.APPROVED).exists()


def test_township_staff_mark_a_rectification_done_but_not_before_the_evaluation(client, users, computed):
    from subsidies.models import RectificationItem

    computed(1)
    item = RectificationItem.objects.get()
    client_for(client, users["jinluo"])
    url = reverse("subsidies:rectification_done", args=[item.pk])
    refused = client.post(url, {"done_on": f"{YEAR}-01-01"})
    assert refused.status_code == 400 and "日期早于评估日期" in refused.content.decode()
    assert client.post(url, {"done_on": f"{YEAR}-12-01"}).status_code == 302
    item.refresh_from_db()
    assert item.done_on == date(YEAR, 12, 1)
    assert client_for(client, users["zhike"]).post(url, {"done_on": f"{YEAR}-12-02"}).status_code == 404
