"""What a visitor does, in a real browser: pick by keyboard, use the calculator, add a model, filter,
and go back."""

from urllib.parse import parse_qs, urlparse

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

PAIR = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


def wait(browser, seconds=10):
    # htmx replaces elements while we read them: a stale element means "not yet", not a failure.
    return WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,))


def pick(browser, field: str, text: str, expected: str) -> None:
    """Type into a picker, wait for the suggestion, choose it with the keyboard."""
    box = browser.find_element(By.ID, f"pick-{field}")
    box.click()
    box.send_keys(text)
    wait(browser).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, f"#suggest-box-{field} [role=option]"), expected)
    )
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == f"suggest-{field}-0"
    box.send_keys(Keys.ENTER)


def test_picking_two_models_by_keyboard_lands_on_the_canonical_pair(browser, site_url):
    browser.get(site_url + "/")
    pick(browser, "a", "llama guard 3 1b", "Llama Guard 3 1B")
    assert browser.find_element(By.ID, "pick-a").get_attribute("value") == "Llama Guard 3 1B"
    assert browser.switch_to.active_element.get_attribute("id") == "pick-b"
    pick(browser, "b", "llama 3.2 1b instr", "Llama 3.2 1B Instruct")
    wait(browser).until(EC.url_to_be(site_url + PAIR))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Llama 3.2 1B Instruct vs Llama Guard 3 1B"


def test_calculator_good_and_bad_input(browser, site_url):
    browser.get(site_url + PAIR)
    for name, value in (("input_tokens", "10000000"), ("output_tokens", "2000000")):
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "form.calculator button").click()
    wait(browser).until(
        EC.text_to_be_present_in_element(
            (By.ID, "calculator-body"), "For 10,000,000 input and 2,000,000 output tokens a month"
        )
    )
    query = parse_qs(urlparse(browser.current_url).query)
    assert query["input_tokens"] == ["10000000"] and query["output_tokens"] == [
        "2000000"
    ]  # pushed: shareable
    summary = browser.find_element(By.CSS_SELECTOR, ".calculation strong").text
    assert "Llama Guard 3 1B $1.20 at Fireworks AI" in summary

    field = browser.find_element(By.NAME, "input_tokens")
    field.clear()
    field.send_keys("abc")
    browser.find_element(By.CSS_SELECTOR, "form.calculator button").click()
    wait(browser).until(
        EC.text_to_be_present_in_element(
            (By.ID, "calculator-body"), "Enter input tokens per month as a whole number"
        )
    )
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Llama 3.2 1B Instruct")  # still the page


def test_adding_a_third_model(browser, site_url):
    browser.get(site_url + PAIR)
    pick(browser, "c", "llama 3.1 8b", "Llama 3.1 8B Instruct")
    wait(browser).until(
        EC.url_to_be(
            site_url + "/compare/llama-3-1-8b-instruct-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
        )
    )
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#specs thead th")]
    assert headers == ["Spec", "Llama 3.1 8B Instruct", "Llama 3.2 1B Instruct", "Llama Guard 3 1B"]


def _rows(browser):
    return [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#results tbody th")]


def show_filters(browser):
    """On a wide screen the filter shows though its <details> is closed (site.css); Selenium reads the
    attribute, not the CSS, and calls the fields hidden (and their text empty) until the panel is open."""
    browser.execute_script("document.querySelector('details.filter-panel').open = true")


def test_filtering_the_directory_and_going_back(browser, site_url):
    browser.get(site_url + "/models/")
    show_filters(browser)
    total = browser.find_element(By.CSS_SELECTOR, "#results [role=status]").text
    Select(browser.find_element(By.NAME, "vendor")).select_by_visible_text("Meta")
    wait(browser).until(lambda b: b.current_url == site_url + "/models/?vendor=meta")
    wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, "#results [role=status]").text != total)
    meta_rows = wait(browser).until(lambda b: _rows(b))
    assert "Llama 3.2 1B Instruct" in meta_rows and "GPT-4o" not in meta_rows

    Select(browser.find_element(By.NAME, "purpose")).select_by_value("safety_classifier")
    wait(browser).until(
        lambda b: b.current_url == site_url + "/models/?vendor=meta&purpose=safety_classifier"
    )
    wait(browser).until(lambda b: "Llama 3.2 1B Instruct" not in _rows(b))
    wait(browser).until(lambda b: _rows(b) == ["Llama Guard 3 1B", "Llama Guard 3 8B"])

    browser.back()
    wait(browser).until(lambda b: b.current_url == site_url + "/models/?vendor=meta")
    wait(browser).until(lambda b: _rows(b) == meta_rows)
    show_filters(browser)
    assert Select(browser.find_element(By.NAME, "vendor")).first_selected_option.text == "Meta"
    assert Select(browser.find_element(By.NAME, "purpose")).first_selected_option.get_attribute("value") == ""


def test_a_bad_directory_filter_is_explained_beside_its_field_and_cleared_when_fixed(browser, site_url):
    browser.get(site_url + "/models/")
    show_filters(browser)
    box = browser.find_element(By.NAME, "min_context")
    box.send_keys("lots")
    wait(browser).until(
        lambda b: "whole number of tokens" in b.find_element(By.ID, "id_min_context-error").text
    )
    error = browser.find_element(By.ID, "id_min_context-error")  # swapped in beside the field by htmx
    # Beside its field (in the same row of the filter), once on the page.
    assert error.find_element(By.XPATH, "..").find_element(By.NAME, "min_context") == box
    assert browser.find_element(By.TAG_NAME, "body").text.count("Enter the minimum context window") == 1
    box.clear()
    box.send_keys("100000")
    wait(browser).until(lambda b: b.find_element(By.ID, "id_min_context-error").text == "")
    wait(browser).until(lambda b: "min_context=100000" in b.current_url)
