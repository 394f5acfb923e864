"""The cost calculator in a real browser: typed numbers, the URL it pushes, errors in place, on pair and
N-way pages, and under DEBUG (`make run`) as in production."""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.browser.conftest import serving
from tests.browser.test_visitor import wait

PAIR = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
THREE = "/compare/gpt-4o-mini-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
CALCULATIONS_ALLOWED = 6


@pytest.fixture(scope="module")
def debug_site_url():
    """The site as `make run` serves it: runserver with DJANGO_DEBUG=true, static files from the source
    tree; the calculator's rate limit is low so that its 429 can be seen."""
    workdir = Path(tempfile.mkdtemp(prefix="versus-debug-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmemcache://debug",
        "RATE_LIMIT_CALCULATOR": f"{CALCULATIONS_ALLOWED}/600",
    }
    runserver = [sys.executable, "manage.py", "runserver", "127.0.0.1:{port}", "--noreload"]
    with serving(
        env, [["migrate", "--noinput"], ["load_demo_catalog"]], runserver, workdir, quiet=True
    ) as url:
        yield url


@pytest.fixture
def debug_browser(chromium, debug_site_url):
    chromium.delete_all_cookies()
    return chromium


def fill(browser, **values) -> None:
    for name, value in values.items():
        field = browser.find_element(By.NAME, name)
        field.clear()
        if value:
            field.send_keys(value)


def calculate(browser, expected: str) -> None:
    browser.find_element(By.CSS_SELECTOR, "form.calculator button").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "calculator-body"), expected))


def query(browser) -> list[tuple[str, str]]:
    return parse_qsl(urlparse(browser.current_url).query, keep_blank_values=True)


def test_each_recalculation_pushes_the_fields_that_are_set_once(browser, site_url):
    browser.get(site_url + PAIR)
    fill(browser, input_tokens="10,000,000", output_tokens="2 000 000")
    calculate(browser, "For 10,000,000 input and 2,000,000 output tokens a month")
    assert query(browser) == [("input_tokens", "10,000,000"), ("output_tokens", "2 000 000")]

    fill(browser, input_tokens="5000000", cache_hit="50")
    calculate(browser, "For 5,000,000 input and 2,000,000 output tokens a month, 50% of input cached")
    assert query(browser) == [
        ("input_tokens", "5000000"),
        ("output_tokens", "2 000 000"),
        ("cache_hit", "50"),
    ]

    # The other way of describing a workload: only the fields typed in last are sent.
    fill(browser, requests="10000", input_per_request="1500", output_per_request="300")
    calculate(browser, "For 15,000,000 input and 3,000,000 output tokens a month, 50% of input cached")
    assert query(browser) == [
        ("requests", "10000"),
        ("input_per_request", "1500"),
        ("output_per_request", "300"),
        ("cache_hit", "50"),
    ]
    assert (
        browser.find_element(By.NAME, "input_tokens").get_attribute("value") == ""
    )  # not used, so shown empty

    # And back: typing in the monthly fields sends them alone.
    fill(browser, input_tokens="1000000", output_tokens="0", cache_hit="")
    calculate(browser, "For 1,000,000 input and 0 output tokens a month")
    assert query(browser) == [("input_tokens", "1000000"), ("output_tokens", "0")]

    # The pushed URL is the page: reloading it shows the same result.
    browser.refresh()
    wait(browser).until(
        EC.text_to_be_present_in_element((By.ID, "calculator-body"), "For 1,000,000 input and 0 output")
    )


def test_three_way_calculator(browser, site_url):
    browser.get(site_url + THREE)
    labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, "form.calculator label")]
    assert labels == [
        "Input tokens per month", "Output tokens per month", "Requests per month", "Input tokens per request",
        "Output tokens per request", "Cached share of input (%)", "Share of input written to the cache (%)",
        "Cache writes kept for", "Prices", "Reasoning share of output (%)",
    ]
    fill(browser, input_tokens="2,000,000", output_tokens="500,000")
    calculate(browser, "For 2,000,000 input and 500,000 output tokens a month")
    tables = browser.find_elements(By.CSS_SELECTOR, ".calculation h3")
    assert [t.text for t in tables] == ["GPT-4o mini", "Llama 3.2 1B Instruct", "Llama Guard 3 1B"]
    assert query(browser) == [("input_tokens", "2,000,000"), ("output_tokens", "500,000")]


def test_errors_are_shown_in_place_under_debug(debug_browser, debug_site_url):
    browser = debug_browser
    browser.get(debug_site_url + PAIR)
    fill(browser, input_tokens="lots", cache_hit="150")
    calculate(browser, "Enter input tokens per month as a whole number")
    body = browser.find_element(By.ID, "calculator-body").text
    assert body.count("Enter input tokens per month as a whole number") == 1
    assert body.count("The cached share cannot be more than 100 percent.") == 1
    assert browser.switch_to.active_element.get_attribute("name") == "input_tokens"  # the first to correct
    # Still the whole page, styled, not the bare fragment in its place.
    assert browser.find_element(By.TAG_NAME, "h1").text == "Llama 3.2 1B Instruct vs Llama Guard 3 1B"
    assert browser.find_elements(By.CSS_SELECTOR, "header.site-header")
    assert browser.execute_script("return getComputedStyle(document.body).fontFamily") != "Times New Roman"

    # Correcting the input works from there.
    fill(browser, input_tokens="1,000,000", cache_hit="")
    calculate(browser, "For 1,000,000 input and 1,000,000 output tokens a month")


def test_too_many_calculations_says_so_in_place(debug_browser, debug_site_url):
    browser = debug_browser
    browser.get(debug_site_url + THREE)
    for n in range(CALCULATIONS_ALLOWED + 2):
        fill(browser, input_tokens=f"{n + 1},000", output_tokens="0")
        browser.find_element(By.CSS_SELECTOR, "form.calculator button").click()
        time.sleep(0.2)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "calculator-body"), "Too many calculations"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("GPT-4o mini")
