"""What an editor's browser submits from an admin page, read from the page's HTML as rendered.

Built from the HTML rather than from the Python form objects: a field the template never renders (a
hidden version field left out of `fieldsets`) is then missing here too, as it is in a real browser.
Follows the HTML form submission algorithm for the controls the admin uses: text-like inputs and hidden
inputs always, checkboxes and radios only when checked, a select's selected options (the first option
of a single select when none is selected), a textarea's text (its first newline dropped, line breaks sent
as CRLF); disabled controls and buttons are left out, except the `_save` button "clicked".
"""

from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # >0 while inside the form we collect
        self.pairs: list[tuple[str, str]] = []
        self.found = False
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def _wanted(self, attrs: dict) -> bool:
        if self.form_id is None:
            return attrs.get("method", "").lower() == "post" and not self.found
        return attrs.get("id") == self.form_id

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif self._wanted(attrs):
                self.depth, self.found = 1, True
            return
        if not self.depth or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value", "on")))
                return
            self.pairs.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not self._select["multiple"] and options:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.pairs.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if text.startswith("\n"):
                text = text[1:]
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            self.pairs.append((self._textarea["name"], text))
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data


def form_pairs(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser submits from the form with this id (default: the first POST form)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    assert parser.found, f"no form {form_id or '(method=post)'} on the page"
    return parser.pairs


def admin_form_data(response, form_id: str | None = None) -> dict:
    """POST data for `client.post` from an admin page as rendered: the change form `#<model>_form` (inline
    management forms and all), or the changelist form `#changelist-form`. Names that occur more than once
    (multiple selects, checkbox groups) map to lists; the Save button is pressed."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if form_id is None:
        opts = response.context["opts"]
        form_id = "changelist-form" if 'id="changelist-form"' in html else f"{opts.model_name}_form"
    data: dict = {}
    for name, value in form_pairs(html, form_id):
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    data["_save"] = "Save"
    return data
