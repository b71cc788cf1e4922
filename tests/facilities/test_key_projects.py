from datetime import date

import pytest
from django.urls import reverse

from facilities.models import KeyProject, Milestone, MilestoneStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("facilities:key_projects")


def test_the_four_key_projects_are_loaded_with_deadlines_and_clause(policy):
    projects = {project.code: project for project in KeyProject.objects.prefetch_related("milestones")}
    assert set(projects) == {"central-nursing-home", "xiazaolin-regional-home", "county-home-upgrade", "zhiyuan-fire-safety"}
    central = projects["central-nursing-home"]
    assert central.target_beds == 200 and central.clause == "§2.1"
    assert [m.deadline for m in central.milestones.all()] == [date(2020, 12, 31), date(2021, 12, 31)]
    assert projects["xiazaolin-regional-home"].township.name == "下枣林乡"


def finish(code, position, day):
    Milestone.objects.filter(project__code=code, position=position).update(status=MilestoneStatus.DONE, done_on=day)


def test_a_project_is_late_when_a_milestone_passed_its_deadline_undone(policy):
    finish("central-nursing-home", 1, date(2020, 11, 1))
    finish("xiazaolin-regional-home", 1, date(2020, 12, 1))
    late = KeyProject.objects.late(on=date(2022, 1, 1))
    assert list(late.values_list("code", flat=True)) == ["central-nursing-home"]
    finish("central-nursing-home", 2, date(2021, 12, 31))
    assert not KeyProject.objects.late(on=date(2022, 1, 1)).exists()


def test_a_milestone_done_after_its_deadline_was_late_in_between(policy):
    finish("central-nursing-home", 1, date(2020, 11, 1))
    finish("central-nursing-home", 2, date(2022, 3, 1))
    codes = set(KeyProject.objects.late(on=date(2022, 2, 1)).values_list("code", flat=True))
    assert "central-nursing-home" in codes
    assert "central-nursing-home" not in set(KeyProject.objects.late(on=date(2022, 3, 1)).values_list("code", flat=True))


def test_reloading_the_policy_keeps_recorded_progress(policy):
    from django.conf import settings

    from zhongyang_eldercare.policy_loading import load_all

    finish("zhiyuan-fire-safety", 1, date(2021, 5, 5))
    load_all(settings.BASE_DIR / "fixtures")
    assert Milestone.objects.get(project__code="zhiyuan-fire-safety", position=1).done_on == date(2021, 5, 5)


def test_the_bureau_sees_late_projects_marked(users, client):
    page = client_for(client, users["bureau"]).get(URL).content.decode()
    assert "护理型中心敬老院" in page and "暖泉镇知源敬老院消防设施改造" in page
    late_count = KeyProject.objects.late().count()
    assert page.count('class="badge bad"') == late_count


def test_township_staff_do_not_see_the_key_projects_page(users, client):
    assert client_for(client, users["jinluo"]).get(URL).status_code == 403
    assert client_for(client, users["bureau"]).post(URL).status_code == 405


@pytest.mark.parametrize("extra", [0, 12])
def test_the_key_projects_page_query_count_does_not_grow_with_projects(
    users, client, townships, make_facility, extra, django_assert_max_num_queries
):
    document = KeyProject.objects.first().document
    for number in range(extra):
        home = make_facility(townships["jinluo"], kind="nursing_home", name=f"测试敬老院{number}")
        project = KeyProject.objects.create(
            document=document, clause="§2.4", code=f"test-{number}", name=f"测试项目{number}", kind="nursing_home",
            township=townships["jinluo"], facility=home, position=10 + number,
        )  # fmt: skip
        for position in (1, 2):
            Milestone.objects.create(project=project, position=position, name=f"节点{position}", deadline=date(2021, 6, 30))
    client = client_for(client, users["bureau"])
    # 2 session + user; 1 the late projects' pks; 1 the projects with their townships and facilities; 1 their
    # milestones; 3 session save
    with django_assert_max_num_queries(8):
        page = client.get(URL).content.decode()
    assert page.count('<section class="card">') == 4 + extra
    assert page.count("测试敬老院") == extra
