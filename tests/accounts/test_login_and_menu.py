import pytest

from tests.conftest import PASSWORD

MENU = {
    "bureau": {"首页", "实施方案", "方案数据校验"},
    "leader": {"首页", "实施方案", "方案数据校验"},
    "admin": {"首页", "实施方案", "方案数据校验"},
    "jinluo": {"首页", "实施方案"},
}


def test_the_login_page_is_in_chinese(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_user_logs_in_and_out(client, users):
    response = client.post("/accounts/login/", {"username": "township-jinluo", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "金罗镇" in home and "乡镇工作人员" in home
    assert client.get("/accounts/logout/").status_code == 405  # a link cannot log anyone out
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_in_chinese(client, users):
    response = client.post("/accounts/login/", {"username": "bureau", "password": "wrong-password"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.parametrize("who", sorted(MENU))
def test_the_menu_shows_each_role_what_it_may_use(client, users, who):
    client.force_login(users[who])
    page = client.get("/").content.decode()
    sidebar = page.split('class="sidebar"', 1)[1].split("</nav>", 1)[0]
    for label in MENU[who]:
        assert f">{label}</a>" in sidebar, (who, label)
    if who == "jinluo":
        assert "方案数据校验" not in sidebar
    # only the roles the admin site lets in are shown the way there
    assert ('href="/admin/"' in sidebar) == (who in ("bureau", "admin")), who


def test_township_staff_may_not_open_the_plan_checks(client, users):
    client.force_login(users["jinluo"])
    assert client.get("/plan/checks/").status_code == 403


def test_the_plan_page_shows_all_three_attachments(client, users):
    client.force_login(users["jinluo"])
    page = client.get("/plan/").content.decode()
    assert "附件3：中阳县农村养老服务设施建设任务表" in page and "田安平" in page and "县救援消防大队" not in page
    assert "出具消防意见书" in page and "县消防救援大队" in page


def test_the_interface_is_chinese_even_for_an_english_browser(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "中阳县农村养老服务管理平台" in page and 'lang="zh-hans"' in page
