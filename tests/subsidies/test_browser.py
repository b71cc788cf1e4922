"""A township clerk on a phone records a self-check: an out-of-range score is refused next to its field, then saved."""

from datetime import date

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from facilities.models import Facility, FacilityKind, Village
from subsidies.models import Evaluation, EvaluationKind, indicators_on
from tests.conftest import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_self_check_on_a_375px_screen(browser, live_server, users, townships):
    township = townships["jinluo"]
    village = Village.objects.create(township=township, name="手机评估村")
    facility = Facility.objects.create(township=township, kind=FacilityKind.DAY_CARE, name="手机评估中心", village=village)
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/subsidies/facilities/{facility.pk}/evaluate/")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    browser.find_element(By.NAME, "evaluators").send_keys("金罗镇自查组")
    indicators = indicators_on(date.today())
    for indicator in indicators:
        browser.find_element(By.NAME, f"score_{indicator.code}").send_keys(str(indicator.max_score))
    first = indicators[0]
    field = browser.find_element(By.NAME, f"score_{first.code}")
    field.clear()
    field.send_keys(str(first.max_score + 5))
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    error = browser.find_element(By.CSS_SELECTOR, f"#id_score_{first.code} ~ .error")
    assert str(first.max_score.normalize()) in error.text or "小于或等于" in error.text
    assert browser.find_element(By.NAME, "evaluators").get_attribute("value") == "金罗镇自查组"  # nothing lost
    assert not Evaluation.objects.exists()
    field = browser.find_element(By.NAME, f"score_{first.code}")
    field.clear()
    field.send_keys("15")
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    try:
        WebDriverWait(browser, 15).until(lambda driver: "/subsidies/evaluations/" in driver.current_url)
    except TimeoutException:
        pytest.fail(f"not saved: {[element.text for element in browser.find_elements(By.CSS_SELECTOR, '.error, .errors')]}")
    evaluation = Evaluation.objects.get()
    assert evaluation.kind == EvaluationKind.SELF_CHECK and evaluation.total == 100 - first.max_score + 15
