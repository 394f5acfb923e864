"""The review queue in a real browser: an editor (the Editors group, not a superuser) signs in, opens the
queue from the admin's home page, publishes one imported model and merges a duplicate into the model it
duplicates (choosing it with the autocomplete); the published model's page answers and the duplicate's URL
redirects to the model it was merged into."""

import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import ROOT, SERVER_ENV

USERNAME, PASSWORD = "queue-editor", "a queue editor's password"
TO_PUBLISH = ("Command R7B 12 2024", "command-r7b-12-2024")
DUPLICATE = ("Mistral Nemo Instruct 2407", "mistral-nemo-instruct-2407")
TARGET = ("Mistral NeMo", "mistral-nemo")  # a demo model no other browser test reads

SETUP = f"""
from django.contrib.auth.models import Group, User
from catalog.models import LanguageModel, Offering, Provider, Source, SourceFact, Vendor
user = User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
cohere, mistral = Vendor.objects.get(slug="cohere"), Vendor.objects.get(slug="mistral-ai")
new = LanguageModel.objects.create(
    vendor=cohere, name={TO_PUBLISH[0]!r}, slug={TO_PUBLISH[1]!r}, published=False,
    queue_reasons=["name made from an id: command-r7b-12-2024"],
)
Offering.objects.create(model=new, provider=Provider.objects.get(slug="cohere"), input_price="0.0375",
                        output_price="0.15")
dup = LanguageModel.objects.create(
    vendor=mistral, name={DUPLICATE[0]!r}, slug={DUPLICATE[1]!r}, published=False,
    queue_reasons=["name made from an id: mistral-nemo-instruct-2407", "no priced pay-as-you-go offering"],
)
SourceFact.objects.create(subject=f"model:{{dup.pk}}", model=dup, field="context_window",
                          source=Source.LITELLM, origin="mistral/mistral-nemo-instruct-2407", value="128000")
"""

# Leave the shared catalog as the other browser tests expect it.
TEARDOWN = f"""
from django.contrib.auth.models import User
from catalog.models import FormerSlug, LanguageModel, ModelAlias
LanguageModel.objects.filter(slug={TO_PUBLISH[1]!r}).delete()
FormerSlug.objects.filter(slug={DUPLICATE[1]!r}).delete()
ModelAlias.objects.filter(model__slug={TARGET[1]!r}).delete()
User.objects.filter(username={USERNAME!r}).delete()
"""


def shell(code: str) -> None:
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=SERVER_ENV, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def editor(site_url, chromium):
    shell(SETUP)
    chromium.delete_all_cookies()
    chromium.get(site_url + "/admin/login/")
    chromium.find_element(By.NAME, "username").send_keys(USERNAME)
    chromium.find_element(By.NAME, "password").send_keys(PASSWORD)
    chromium.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    WebDriverWait(chromium, 10).until(EC.url_to_be(site_url + "/admin/"))
    yield chromium
    chromium.delete_all_cookies()
    shell(TEARDOWN)


def wait(driver, css: str):
    return WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def open_queue(driver) -> str:
    driver.find_element(By.CSS_SELECTOR, "#review-queue-link a").click()
    wait(driver, "#result_list")
    return driver.find_element(By.TAG_NAME, "body").text


def run_action(driver, name: str, label: str) -> None:
    """Tick the row whose link reads `name`, choose the action by its label, press Go."""
    row = driver.find_element(By.XPATH, f"//table[@id='result_list']//tr[.//a[normalize-space()='{name}']]")
    row.find_element(By.CSS_SELECTOR, "input.action-select").click()
    Select(driver.find_element(By.NAME, "action")).select_by_visible_text(label)
    driver.find_element(By.CSS_SELECTOR, "button[name=index]").click()


def messages(driver) -> str:
    return wait(driver, ".messagelist").text


def test_an_editor_publishes_one_model_and_merges_a_duplicate(editor, site_url):
    editor.get(site_url + "/admin/")
    text = open_queue(editor)
    assert "Review queue: imported models waiting for an editor" in text
    assert TO_PUBLISH[0] in text and DUPLICATE[0] in text
    assert "no priced pay-as-you-go offering" in text
    assert "mistral/mistral-nemo-instruct-2407" in text and "128000" in text

    run_action(editor, TO_PUBLISH[0], "Publish selected models")
    assert f"Published 1: {TO_PUBLISH[0]}." in messages(editor)
    assert TO_PUBLISH[0] not in editor.find_element(By.ID, "result_list").text

    run_action(editor, DUPLICATE[0], "Merge selected models into another…")
    wait(editor, "#merge-form")
    assert DUPLICATE[0] in editor.find_element(By.ID, "merge-selected").text
    editor.find_element(By.CSS_SELECTOR, "#merge-form .select2-selection").click()
    search = wait(editor, ".select2-search__field")
    search.send_keys("NeMo")
    option = WebDriverWait(editor, 10).until(EC.element_to_be_clickable((
        By.XPATH, f"//li[contains(@class, 'select2-results__option') and normalize-space()='{TARGET[0]}']"
    )))
    option.click()
    editor.find_element(By.CSS_SELECTOR, "#merge-form input[name=merge]").click()
    assert f"Merged {DUPLICATE[0]} into {TARGET[0]}" in messages(editor)
    assert DUPLICATE[0] not in editor.find_element(By.ID, "content").text

    # The public side, as a visitor's browser sees it.
    editor.get(f"{site_url}/models/{TO_PUBLISH[1]}/")
    assert TO_PUBLISH[0] in editor.find_element(By.TAG_NAME, "h1").text
    editor.get(f"{site_url}/models/{DUPLICATE[1]}/")
    assert editor.current_url == f"{site_url}/models/{TARGET[1]}/"
    assert TARGET[0] in editor.find_element(By.TAG_NAME, "h1").text
