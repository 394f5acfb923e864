"""What an editor does, in a real browser at 1366x900: the model page, the price sheet and a history page
fit the screen (every price input in view, the page never scrolls sideways, a clean console, no template
syntax in the text), and an edit saved on the model page is on the public pages at the next request."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

MODEL = "llama-3-3-70b-instruct"
PAIR = "/compare/llama-3-1-8b-instruct-vs-llama-3-3-70b-instruct/"
WIDTH, HEIGHT = 1366, 900
PRICES = "input[name$='input_price'], input[name$='output_price'], input[name$='cached_input_price']"

# For each price input: is it inside the viewport and inside the visible part of every box that clips it
# (a table that scrolls on its own), as the page first shows it?
MEASURE = """
const out = {innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
             hidden: [], prices: 0};
for (const input of document.querySelectorAll(arguments[0])) {
  if (input.type === 'hidden' || input.closest('.empty-form')) continue;
  out.prices++;
  const r = input.getBoundingClientRect();
  let visible = r.left >= 0 && r.right <= window.innerWidth;
  for (let box = input.parentElement; box && visible; box = box.parentElement) {
    if (getComputedStyle(box).overflowX === 'visible') continue;
    const b = box.getBoundingClientRect();
    visible = r.left >= b.left + box.clientLeft - 1 &&
      r.right <= b.left + box.clientLeft + box.clientWidth + 1;
  }
  if (!visible) out.hidden.push(`${input.name} at ${Math.round(r.left)}-${Math.round(r.right)} px`);
}
out.text = document.body.innerText;
return out;
"""


@pytest.fixture(scope="module")
def editor(site_url, chromium, editor_login):
    """The session's browser at exactly 1366x900, signed in as an editor."""
    chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False,
    })
    chromium.delete_all_cookies()
    chromium.get(site_url + "/admin/login/")
    username, password = editor_login
    chromium.find_element(By.NAME, "username").send_keys(username)
    chromium.find_element(By.NAME, "password").send_keys(password)
    chromium.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    WebDriverWait(chromium, 10).until(EC.url_to_be(site_url + "/admin/"))
    yield chromium
    chromium.delete_all_cookies()
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def change_page(driver, site_url, slug: str) -> str:
    """The admin URL of a model's change page, found as an editor finds it: by searching."""
    driver.get(f"{site_url}/admin/catalog/languagemodel/?q={slug}")
    return driver.find_element(By.CSS_SELECTOR, "#result_list tbody th a").get_attribute("href")


def page_text(driver, url: str) -> str:
    driver.get(url)
    return driver.find_element(By.TAG_NAME, "body").text


def save(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist, .errornote"))
    )
    errors = driver.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")
    assert not errors, [e.text for e in errors]
    assert "was changed successfully" in driver.find_element(By.CSS_SELECTOR, ".messagelist").text


ADMIN_PAGES = ["model change page", "price sheet", "history"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_fits_at_1366(editor, site_url, name):
    model_url = change_page(editor, site_url, MODEL)
    if name == "history":
        # A change with a long unbroken value, as a source URL is: the history must wrap it, not widen.
        editor.get(model_url)
        source = editor.find_element(By.NAME, "source_url")
        source.clear()
        source.send_keys("https://example.org/model-cards/" + "llama-3-3-70b-instruct-" * 8)
        save(editor)
    url = {
        "model change page": model_url,
        "price sheet": site_url + "/admin/catalog/offering/",
        "history": model_url.replace("/change/", "/history/"),
    }[name]
    editor.get_log("browser")  # drop what earlier pages logged
    editor.get(url)
    page = editor.execute_script(MEASURE, PRICES)

    assert page["innerWidth"] == WIDTH
    assert page["scrollWidth"] <= page["innerWidth"], f"{name} scrolls sideways: {page['scrollWidth']} px"
    if name != "history":
        assert page["prices"] >= 3
        assert page["hidden"] == [], f"price inputs out of view on the {name}"
    errors = [e["message"] for e in editor.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    for syntax in ("{#", "{%", "{{"):
        assert syntax not in page["text"]


def test_an_edit_on_the_model_page_is_public_at_the_next_request(editor, site_url):
    model_page, pair_page = f"{site_url}/models/{MODEL}/", site_url + PAIR
    before = page_text(editor, model_page) + page_text(editor, pair_page)  # now cached
    assert "200,000 tokens" not in before and "$0.07" not in before

    editor.get(change_page(editor, site_url, MODEL))
    window = editor.find_element(By.NAME, "context_window")
    window.clear()
    window.send_keys("200000")
    # The DeepInfra row of the offering inline: its cheapest pay-as-you-go offering (OpenRouter, cheaper, is a
    # router and never the price), so the pair page names it too.
    row = editor.execute_script("""
        for (const select of document.querySelectorAll('#offerings-group select[name$="-provider"]')) {
          if (select.selectedOptions[0] && select.selectedOptions[0].text === 'DeepInfra')
            return select.name.split('-')[1];
        }""")
    price = editor.find_element(By.NAME, f"offerings-{row}-input_price")
    price.clear()
    price.send_keys("0.07")
    save(editor)

    model_text = page_text(editor, model_page)
    assert "200K (200,000 tokens)" in model_text
    # DeepInfra's row: its name (and badge), its model id, then its input and output prices.
    assert re.search(r"DeepInfra( cheapest)?\s+\S+ \$0\.07 \$0\.40", model_text), model_text
    pair_text = page_text(editor, pair_page)
    assert "200K (200,000 tokens)" in pair_text
    assert "DeepInfra, at $0.07 per 1M input" in pair_text
