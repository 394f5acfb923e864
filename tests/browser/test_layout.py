"""Every public page type at phone and laptop sizes, in a real browser: the page never scrolls sideways
(a wide table scrolls inside its own box), chart text is never drawn under 12 px nor under 4.5:1
contrast, the console stays clean, and no template syntax or Python repr reaches the text."""

import re

import pytest
from selenium.webdriver.common.by import By

PAIR = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
PAGES = {
    "home": "/",
    "directory": "/models/",
    "directory filtered": "/models/?vendor=meta&purpose=chat&sort=price",
    "pair": PAIR,
    "3-way": "/compare/llama-3-1-8b-instruct-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/",
    "4-way": "/compare/gpt-oss-120b-vs-gpt-oss-20b-vs-llama-3-1-8b-instruct-vs-llama-3-2-1b-instruct/",
    "model": "/models/llama-3-2-1b-instruct/",
    "vendor": "/vendors/meta/",
    "provider": "/providers/fireworks-ai/",
    "methodology": "/methodology/",
    "best": "/best/?requests=1000&input_per_request=1000&output_per_request=100&capability=vision",
    "best preset": "/best/chatbot/",
    "404": "/no-such-page/",
    "pair not found": "/compare/nope-vs-nothing/",
}
NOT_FOUND = {"404", "pair not found"}
SIZES = {"360x740": (360, 740, True), "390x844": (390, 844, True), "1366x900": (1366, 900, False)}
MIN_CHART_TEXT_PX = 12

# What a broken template or a stray object prints. "None" is a repr unless it starts a sentence we wrote.
LEAKS = re.compile(r"\{#|\{%|\{\{|<QuerySet|object at 0x|Decimal\(|\bNone\b(?! shared yet)")

# One script measures a loaded page: its width against the viewport, the rendered size of every piece
# of chart text (SVG text times the SVG's scale; HTML text as computed), and the visible text.
MEASURE = r"""
const out = {innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, small: []};
for (const t of document.querySelectorAll('.chart svg text')) {
  const m = t.getScreenCTM();
  const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  if (px < arguments[0]) out.small.push(`svg "${t.textContent.trim()}" ${px.toFixed(1)}px`);
}
const rgb = c => c.match(/[\d.]+/g).map(Number);
const luminance = c => {
  const [r, g, b] = rgb(c).slice(0, 3).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const background = el => {
  for (; el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor; if (rgb(c)[3] !== 0) return c;
  }
  return 'rgb(255, 255, 255)';
};
out.lowContrast = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el.closest('.chart') || el.closest('svg, .visually-hidden')) continue;
  const style = getComputedStyle(el);
  const px = parseFloat(style.fontSize);
  if (px < arguments[0]) out.small.push(`"${node.textContent.trim()}" ${px}px`);
  const [l1, l2] = [luminance(style.color), luminance(background(el))].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  if (ratio < 4.5) out.lowContrast.push(`"${node.textContent.trim()}" ${ratio.toFixed(2)}:1`);
}
out.captions = [...document.querySelectorAll('.chart figcaption')].map(c => c.innerText);
out.text = document.body.innerText;
out.charts = document.querySelectorAll('.chart').length;
return out;
"""


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def sized(request, site_url, chromium):  # chromium set up last, so closed before the server stops
    """The session's browser at one exact viewport (CDP: innerWidth is exactly the width asked for)."""
    width, height, mobile = SIZES[request.param]
    chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
    })
    yield chromium, width
    chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def console_errors(driver, url: str, expect_404: bool) -> list[str]:
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if expect_404:  # the page's own status is the point of the page, not a fault
        errors = [m for m in errors if not (m.startswith(url) and "status of 404" in m)]
    return errors


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_and_reads_cleanly(sized, site_url, name):
    driver, width = sized
    url = site_url + PAGES[name]
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    assert driver.find_element(By.TAG_NAME, "h1").text
    page = driver.execute_script(MEASURE, MIN_CHART_TEXT_PX)

    assert page["innerWidth"] == width
    assert page["scrollWidth"] <= page["innerWidth"], f"{name} is {page['scrollWidth']} px wide at {width} px"
    assert page["small"] == [], f"chart text under {MIN_CHART_TEXT_PX} px on {name}: {page['small'][:5]}"
    assert page["lowContrast"] == [], f"chart text under 4.5:1 contrast on {name}: {page['lowContrast'][:5]}"
    assert not any(" :" in caption or caption.lstrip().startswith(":") for caption in page["captions"]), page[
        "captions"
    ]
    leaks = sorted({m.group(0) for m in LEAKS.finditer(page["text"])})
    assert leaks == [], f"{name} shows {leaks}"
    assert console_errors(driver, url, name in NOT_FOUND) == []
    if name in ("pair", "3-way", "4-way", "model"):
        assert page["charts"], f"{name} lost its chart"


def test_wide_tables_scroll_in_a_labelled_focusable_box(sized, site_url):
    """At a phone's width the directory's table is wider than the screen: its box scrolls, the page doesn't,
    and a keyboard user can reach the box (a named region with tabindex)."""
    driver, width = sized
    driver.get(site_url + "/models/")
    box = driver.find_element(By.CSS_SELECTOR, ".table-scroll")
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    assert box.get_attribute("tabindex") == "0"
    inner, outer = driver.execute_script(
        "const b = arguments[0]; return [b.scrollWidth, b.clientWidth];", box
    )
    if width < 400:
        assert inner > outer  # the table is cut by its own box, which scrolls to show the rest
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


def test_directory_filter_is_compact_and_folds_on_phones(sized, site_url):
    """Labels sit above their controls; on a laptop the whole filter is open and the first results are
    on the first screen; on a phone it is folded away (no JavaScript needed: <details>)."""
    driver, width = sized
    driver.get(site_url + "/models/")
    panel = driver.find_element(By.CSS_SELECTOR, "details.filter-panel")
    vendor = driver.find_element(By.ID, "id_vendor")
    first_row = driver.find_element(By.CSS_SELECTOR, "#results tbody tr")
    viewport_height = driver.execute_script("return window.innerHeight")

    def shown(element) -> bool:  # as drawn (Selenium's own check reads <details open>, not the CSS)
        return driver.execute_script("return arguments[0].checkVisibility()", element)

    if width < 700:
        assert not shown(vendor)
        panel.find_element(By.TAG_NAME, "summary").click()
        assert shown(vendor)
    else:
        assert shown(vendor)
    label = driver.find_element(By.CSS_SELECTOR, "label[for=id_vendor]")
    assert label.rect["y"] + label.rect["height"] <= vendor.rect["y"]  # above, not beside
    assert abs(label.rect["x"] - vendor.rect["x"]) <= 1  # aligned on the same left edge
    if width >= 700:
        assert first_row.rect["y"] < viewport_height, "the filter pushes the results below the fold"
        tops = {
            round(driver.find_element(By.ID, f"id_{name}").rect["y"])
            for name in ("vendor", "provider", "purpose")
        }
        assert len(tops) == 1  # one row of controls, not a stack
