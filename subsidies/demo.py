"""Sample evaluations, a computed year of awards with some approvals and a payment, and ledger rows.

The plan's last year (the one the progress dashboard opens on; the money pages open on the latest
year with awards): an annual evaluation of every sample day care center
and happiness courtyard in service, a self-check by each township, the awards computed by the demo
bureau account, half of them approved by a second bureau account (``bureau2``, the checker) and a
few paid; ledger rows of every source. Everything is flagged ``is_sample``; running it again adds
nothing.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from facilities.models import Facility, FacilityKind, Village
from subsidies import services
from subsidies.models import Award, Evaluation, EvaluationKind, FundingSource, LedgerEntry, indicators_on
from zhongyang_eldercare.accounts.demo import installation_county, save_demo_account
from zhongyang_eldercare.accounts.models import Role, User

ORDER = 45
TOTALS = ("94", "86", "78", "65", "57", "88", "91")  # by turn: 优秀, 良好, 合格, 合格, 不合格, 良好, 优秀
FINDINGS = "【样例】台账记录不全；消防器材需按期检查。"


def load(*, password):
    lines = ["Checker account (approves the awards the bureau proposes):"]
    checker = save_demo_account(
        "bureau2", Role.BUREAU, None, "县民政局审批人（演示）", password=password, county=installation_county()
    )
    lines.append(checker)
    maker = User.objects.filter(username="bureau").first()
    checker = User.objects.get(username="bureau2")
    if maker is None:
        return [*lines, "No bureau account: sample awards skipped."]
    year = _money_year()
    if Evaluation.objects.filter(is_sample=True).exists():
        return [*lines, "Sample evaluations and awards already loaded."]
    facilities = list(
        Facility.objects.for_user(maker)  # the bureau's own county (the demo has a second, sample county)
        .filter(is_sample=True, kind__in=(FacilityKind.DAY_CARE, FacilityKind.HAPPINESS))
        .in_service_on(date(year, 11, 1))
        .select_related("township")
        .order_by("township__position", "name")
    )
    evaluated = _evaluations(facilities, year, maker)
    outcome = services.compute_awards(year=year, by=maker)
    Award.objects.filter(year=year).update(is_sample=True)
    approved, paid = _approve_and_pay(year, checker, maker)
    entries = _ledger(facilities, year, maker)
    return [
        *lines,
        f"Sample evaluations: {evaluated}; awards for {year}: {len(outcome.created)} proposed, {approved} approved, {paid} paid",
        f"Sample ledger entries: {entries}",
    ]


def _money_year():
    """The last year ended by today: the year the dashboard (which opens on today), the city view and the awards page
    show the money of."""
    today = timezone.localdate()
    return today.year if (today.month, today.day) == (12, 31) else today.year - 1


def _scores(total, on):
    """Scores per indicator adding up to ``total``, spread over the checklist in force."""
    left, scores = Decimal(total), {}
    indicators = indicators_on(on)
    whole = sum(indicator.max_score for indicator in indicators)
    for indicator in indicators:
        scores[indicator.code] = min(left, (indicator.max_score * Decimal(total) / whole).quantize(Decimal("0.1")))
        left -= scores[indicator.code]
    if indicators:
        last = indicators[-1].code
        scores[last] = min(scores[last] + left, next(i.max_score for i in indicators if i.code == last))
    return scores


def _evaluations(facilities, year, maker):
    count = 0
    for number, facility in enumerate(facilities):
        on = date(year, 11, 3 + number % 20)
        services.record_evaluation(
            facility=facility,
            kind=EvaluationKind.ANNUAL,
            evaluated_on=on,
            evaluators="县民政局评估组（样例）",
            scores=_scores(TOTALS[number % len(TOTALS)], on),
            findings=FINDINGS if number % 3 == 0 else "",
            rectifications=[("【样例】补齐服务台账", date(year + 1, 3, 31))] if number % 3 == 0 else [],
            by=maker,
        )
        count += 1
        if number % 9 == 0:
            staff = facility.township.staff.filter(role=Role.TOWNSHIP).first()
            if staff is not None:
                services.record_evaluation(
                    facility=facility,
                    kind=EvaluationKind.SELF_CHECK,
                    evaluated_on=date(year, 6, 15),
                    evaluators=f"{facility.township.name}（样例自查）",
                    scores=_scores("82", date(year, 6, 15)),
                    by=staff,
                )
                count += 1
        Evaluation.objects.filter(facility=facility).update(is_sample=True)
    return count


def _approve_and_pay(year, checker, maker):
    approved = paid = 0
    for number, award in enumerate(
        Award.objects.filter(year=year).order_by("facility__township__position", "facility__name", "kind")
    ):
        if number % 2:
            continue
        services.approve_award(award=award, by=checker)
        approved += 1
        if number % 4 == 0 and award.amount > 0:
            services.record_disbursement(
                award=award, paid_on=timezone.localdate(), amount=award.amount, voucher=f"样例-{year}-{number:03d}", by=maker
            )
            paid += 1
    return approved, paid


# (source code, amount, donor, note) per sample facility, in turn
LEDGER_ROWS = [
    ("village_collective", "5000.00", "", "【样例】村集体收益划拨"),
    ("photovoltaic", "8000.00", "", "【样例】光伏扶贫收益"),
    ("donation", "2000.00", "本村乡贤（样例）", "【样例】捐赠用于助餐"),
    ("elder", "1860.50", "", "【样例】老人就餐自付"),
    ("children", "1200.00", "", "【样例】子女交纳"),
]


def _ledger(facilities, year, maker):
    sources = {source.code: source for source in FundingSource.objects.all()}
    count = 0
    for number, facility in enumerate(facilities):
        for code, amount, donor, note in LEDGER_ROWS[number % 3 : number % 3 + 3]:
            _entry(facility=facility, source=sources[code], year=year, amount=amount, donor=donor, note=note, by=maker)
            count += 1
    homes = Facility.objects.for_user(maker).filter(
        is_sample=True, kind__in=(FacilityKind.NURSING_HOME, FacilityKind.CENTRAL_NURSING)
    )
    for home in homes:
        _entry(
            facility=home,
            source=sources["welfare_lottery"],
            year=year,
            amount="300000.00",
            note="【样例】福彩公益金改造提升",
            by=maker,
        )
        count += 1
    for village in (
        Village.objects.for_user(maker).filter(is_sample=True, is_township_seat=True).order_by("township__position")[:3]
    ):
        _entry(
            village=village, source=sources["photovoltaic"], year=year, amount="12000.00", note="【样例】本村养老工作", by=maker
        )
        count += 1
    return count


def _entry(*, source, year, amount, by, facility=None, village=None, donor="", note=""):
    entry = LedgerEntry(
        year=year,
        facility=facility,
        village=village,
        source=source,
        received_on=date(year, 9, 1),
        amount=Decimal(amount),
        donor=donor,
        note=note,
        is_sample=True,
    )
    services.save_ledger_entry(entry=entry, by=by)
