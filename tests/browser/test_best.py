"""/best/ in a real browser: a changed field re-ranks in place and pushes the URL; back restores the ranking
before it (issue 18)."""

from urllib.parse import parse_qsl, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from tests.browser.test_visitor import wait

START = "/best/?requests=1000&input_per_request=1000&output_per_request=100"


def heading(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "#ranking h2").text


def first_row(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "#ranking tbody tr").text


def test_a_change_reranks_in_place_pushes_the_url_and_back_restores_it(browser, site_url):
    browser.get(site_url + START)
    before_heading, before_row = heading(browser), first_row(browser)
    assert "cheapest first" in before_heading
    marker = browser.execute_script("return window.versusMarker = Math.random()")

    # Requiring vision leaves out the models a source does not say can see images.
    browser.find_element(By.CSS_SELECTOR, "input[name=capability][value=vision]").click()
    wait(browser).until(lambda b: heading(b) != before_heading)
    assert browser.execute_script("return window.versusMarker") == marker  # swapped in place, no reload
    query = parse_qsl(urlparse(browser.current_url).query)
    assert ("capability", "vision") in query and ("requests", "1000") in query
    assert all(value for _, value in query)  # empty fields are left out of the URL
    vision_heading = heading(browser)

    # A second change: only EU endpoints.
    Select(browser.find_element(By.NAME, "region")).select_by_value("eu")
    wait(browser).until(lambda b: heading(b) != vision_heading)
    assert ("region", "eu") in parse_qsl(urlparse(browser.current_url).query)

    # Back: the ranking with vision only, then the first one, each with the URL it had.
    browser.back()
    wait(browser).until(lambda b: "region=eu" not in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#ranking h2"), vision_heading))
    assert browser.find_element(By.CSS_SELECTOR, "input[name=capability][value=vision]").is_selected()
    browser.back()
    wait(browser).until(lambda b: "capability" not in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#ranking h2"), before_heading))
    assert first_row(browser) == before_row
    assert not browser.find_element(By.CSS_SELECTOR, "input[name=capability][value=vision]").is_selected()


def test_without_javascript_the_form_submits_to_the_same_ranking(browser, site_url):
    """The form is a plain GET form: its action and fields give the same URL htmx pushes."""
    browser.get(site_url + "/best/chatbot/")
    form = browser.find_element(By.CSS_SELECTOR, "form.best-form")
    assert form.get_attribute("method") == "get" and form.get_attribute("action").endswith("/best/")
    browser.execute_script("document.querySelector('form.best-form').submit()")
    wait(browser).until(lambda b: "/best/?" in b.current_url)
    query = dict(parse_qsl(urlparse(browser.current_url).query))
    assert query["requests"] == "100000" and query["cache_hit"] == "50"
    assert "cheapest first" in heading(browser)
