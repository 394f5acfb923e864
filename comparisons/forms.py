import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Exists, F, OuterRef

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import Offering, Provider, Purpose, Support, Vendor

from .content.calculation import Workload

# Beyond these a number stops describing a real workload: a trillion tokens a month, ten billion
# requests, ten million tokens in one request.
MAX_TOKENS_PER_MONTH = 10**12
MAX_REQUESTS_PER_MONTH = 10**10
MAX_TOKENS_PER_REQUEST = 10**7

# How people group digits: "5,000,000", "5 000 000" (NFKC folds no-break, thin and narrow no-break spaces
# into a plain space), "5_000_000", Swiss "5'000'000"; Indian "50,00,000" too. One separator per number,
# groups of three (or Indian twos) so that a decimal comma ("1,5") is refused rather than read as 15.
# "." is always the decimal point: "1.000" is one, never a thousand.
_NUMBER = re.compile(
    r"(?P<sign>[-+]?)"
    r"(?P<whole>\d+|\d{1,3}(?P<sep>[, _'])\d{3}(?:(?P=sep)\d{3})*"
    r"|\d{1,2}(?P<isep>[, _'])(?:\d{2}(?P=isep))+\d{3})?"
    r"(?:\.(?P<fraction>\d+))?"
)
MAX_NUMBER_LENGTH = 40


def parse_number(text: str, *, prefix: str = "", suffix: str = "") -> Decimal | None:
    """A number as a person types it, or None when it is not one.

    Digits of any script are read as the digits they are ("٥٠٠٠" and "５０００" are 5000), like
    Python's own int(); grouped thousands are accepted; exponents, NaN and infinities are not. An
    optional `prefix` ("$") or `suffix` ("%") may surround the number.
    """
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")  # U+2212 is a minus sign
    if len(text) > MAX_NUMBER_LENGTH:
        return None
    text = "".join(str(unicodedata.digit(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)
    if prefix and text.startswith(prefix):
        text = text[len(prefix):].strip()
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)].strip()
    match = _NUMBER.fullmatch(text)
    if not match or not (match["whole"] or match["fraction"]):
        return None
    digits = re.sub(r"[, _']", "", match["whole"] or "0")
    try:
        return Decimal(match["sign"] + digits + (f".{match['fraction']}" if match["fraction"] else ""))
    except InvalidOperation:
        return None


class WholeNumberField(forms.IntegerField):
    """A whole number typed as people type them ("5,000,000"); a text box, since a browser's number
    box refuses separators and sends nothing at all."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        number = parse_number(str(value))
        if number is None or number.as_tuple().exponent != 0:  # "1.000" is not a thousand, nor one
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number boxes.
        return {}


class NumberField(forms.DecimalField):
    """A decimal typed as people type it, with an optional unit around it ("$0.50", "12.5 %")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *args, prefix: str = "", suffix: str = "", **kwargs):
        self.prefix, self.suffix = prefix, suffix
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        number = parse_number(str(value), prefix=self.prefix, suffix=self.suffix)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        return {}


def whole(label: str, maximum: int, example: str) -> WholeNumberField:
    # Error messages are %-formatted with the validator's values whenever it passes some: a literal percent
    # sign in one must be written "%%" (a bare "100%." once made every such error a 500). None here has one.
    return WholeNumberField(
        label=label, required=False, min_value=0, max_value=maximum,
        error_messages={
            "invalid": f"Enter {label.lower()} as a whole number, such as {example}.",
            "min_value": f"{label} cannot be negative.",
            "max_value": f"{label} must be at most {maximum:,}.",
        },
    )


SHARE_MESSAGE = "Enter the cached share of input as a percentage from 0 to 100, such as 50 or 12.5."


class CalculatorForm(forms.Form):
    """A monthly workload: tokens per month, or requests per month times tokens per request."""

    input_tokens = whole("Input tokens per month", MAX_TOKENS_PER_MONTH, "2000000")
    output_tokens = whole("Output tokens per month", MAX_TOKENS_PER_MONTH, "500000")
    requests = whole("Requests per month", MAX_REQUESTS_PER_MONTH, "10000")
    input_per_request = whole("Input tokens per request", MAX_TOKENS_PER_REQUEST, "1500")
    output_per_request = whole("Output tokens per request", MAX_TOKENS_PER_REQUEST, "300")
    cache_hit = NumberField(
        label="Cached share of input (%)", required=False, min_value=0, max_value=100, decimal_places=2,
        suffix="%",
        error_messages={
            "invalid": SHARE_MESSAGE,
            "min_value": "The cached share cannot be negative.",
            "max_value": "The cached share cannot be more than 100 percent.",
            "max_decimal_places": "Enter the cached share with at most two decimal places.",
        },
    )

    cache_write = NumberField(
        label="Share of input written to the cache (%)", required=False, min_value=0, max_value=100,
        decimal_places=2, suffix="%",
        error_messages={
            "invalid": (
                "Enter the share of input written to the cache as a percentage from 0 to 100, such as 10."
            ),
            "min_value": "The share written to the cache cannot be negative.",
            "max_value": "The share written to the cache cannot be more than 100 percent.",
            "max_decimal_places": "Enter the share written to the cache with at most two decimal places.",
        },
    )
    cache_ttl = forms.ChoiceField(
        label="Cache writes kept for", required=False, choices=[("", "5 minutes"), ("1h", "1 hour")],
        error_messages={"invalid_choice": "Choose 5 minutes or 1 hour for cache writes."},
    )
    reasoning = NumberField(
        label="Reasoning share of output (%)", required=False, min_value=0, max_value=100, decimal_places=2,
        suffix="%",
        error_messages={
            "invalid": "Enter the reasoning share of output as a percentage from 0 to 100, such as 40.",
            "min_value": "The reasoning share cannot be negative.",
            "max_value": "The reasoning share cannot be more than 100 percent.",
            "max_decimal_places": "Enter the reasoning share with at most two decimal places.",
        },
    )
    pricing = forms.ChoiceField(
        label="Prices", required=False,
        choices=[("", "Standard"), ("batch", "Batch (asynchronous, where offered)")],
        error_messages={"invalid_choice": "Choose standard or batch prices."},
    )

    PER_MONTH = ("input_tokens", "output_tokens")
    PER_REQUEST = ("requests", "input_per_request", "output_per_request")
    # (legend, the way of describing a workload it is, its fields); static/js/site.js sends only the way
    # the visitor typed in last.
    FIELDSETS = (
        ("Tokens per month", "monthly", PER_MONTH),
        ("Or requests per month", "requests", PER_REQUEST),
        ("Prompt caching", "", ("cache_hit", "cache_write", "cache_ttl")),
        ("Batch and reasoning", "", ("pricing", "reasoning")),
    )

    def fieldsets(self):
        """(legend, mode, bound fields) in the order the calculator shows them."""
        return [(legend, mode, [self[name] for name in names]) for legend, mode, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        monthly = [data.get(f) for f in self.PER_MONTH]
        per_request = [data.get(f) for f in self.PER_REQUEST]
        if any(v is not None for v in per_request):
            # Requests win when both ways are filled in: the monthly totals come prefilled.
            if any(v is None for v in per_request):
                raise forms.ValidationError("Enter requests per month and both token counts per request.")
            data["mode"] = "requests"
            data["monthly_input"] = per_request[0] * per_request[1]
            data["monthly_output"] = per_request[0] * per_request[2]
        elif all(v is not None for v in monthly):
            data["mode"] = "monthly"
            data["monthly_input"], data["monthly_output"] = monthly
        else:
            raise forms.ValidationError(
                "Enter input and output tokens per month, or requests and tokens per request."
            )
        if data["monthly_input"] == 0 and data["monthly_output"] == 0:
            raise forms.ValidationError("Enter some input or output tokens to work out a cost.")
        if max(data["monthly_input"], data["monthly_output"]) > MAX_TOKENS_PER_MONTH:
            raise forms.ValidationError(
                f"That is more than {MAX_TOKENS_PER_MONTH:,} tokens a month; enter a smaller workload."
            )
        data["cache_share"] = (data.get("cache_hit") or Decimal(0)) / 100
        write_share = (data.get("cache_write") or Decimal(0)) / 100
        if data["cache_share"] + write_share > 1:
            raise forms.ValidationError(
                "The cached share and the share written to the cache add up to more than 100 percent."
            )
        per_request = data["mode"] == "requests"
        data["workload"] = Workload(
            data["monthly_input"], data["monthly_output"], data["cache_share"],
            requests=data["requests"] if per_request else None,
            prompt_tokens=data["input_per_request"] if per_request else None,
            cache_write_share=write_share, cache_hour=data.get("cache_ttl") == "1h",
            batch=data.get("pricing") == "batch", reasoning_share=(data.get("reasoning") or Decimal(0)) / 100,
        )
        return data


CAPABILITY_CHOICES = [
    ("vision", "Vision"),
    ("reasoning", "Reasoning"),
    ("function_calling", "Function calling"),
    ("tool_use", "Tool use"),
    ("structured_outputs", "Structured outputs"),
    ("code_execution", "Code execution"),
]
SORTS = {
    "": ("Name", ["name"]),
    "price": ("Price, cheapest first", [F("cheapest_blended").asc(nulls_last=True), "name"]),
    "context": ("Context window, largest first", [F("context_window").desc(nulls_last=True), "name"]),
    "release": ("Release date, newest first", [F("release_date").desc(nulls_last=True), "name"]),
}


class DirectoryForm(forms.Form):
    """Filters for /models/: every field optional, every value checked."""

    q = forms.CharField(label="Name", required=False, max_length=100)
    vendor = forms.ChoiceField(required=False)
    provider = forms.ChoiceField(required=False)
    purpose = forms.ChoiceField(required=False, choices=[("", "Any purpose"), *Purpose.choices])
    capability = forms.ChoiceField(required=False, choices=[("", "Any capability"), *CAPABILITY_CHOICES])
    open_weights = forms.ChoiceField(
        label="Open weights",
        required=False,
        choices=[("", "Either"), ("yes", "Open weights"), ("no", "API only")],
    )
    min_context = WholeNumberField(
        label="Min context (tokens)",
        required=False,
        min_value=0,
        max_value=MAX_TOKENS_PER_REQUEST * 100,
        error_messages={
            "invalid": "Enter the minimum context window as a whole number of tokens, such as 128000.",
            "min_value": "The minimum context window cannot be negative.",
            "max_value": (
                f"The minimum context window must be at most {MAX_TOKENS_PER_REQUEST * 100:,} tokens."
            ),
        },
    )
    max_price = NumberField(
        label="Max blended $/1M",
        required=False,
        min_value=0,
        max_value=100_000,
        decimal_places=6,
        prefix="$",
        error_messages={
            "invalid": "Enter the maximum blended price as a number of dollars, such as 0.5.",
            "min_value": "The maximum blended price cannot be negative.",
            "max_value": "The maximum blended price must be at most $100,000 per 1M tokens.",
            "max_decimal_places": (
                "Enter the maximum blended price with at most six decimal places, such as 0.5."
            ),
        },
    )
    sort = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two small queries, the same at any catalog size.
        # Vendors with a published model; never the placeholder of models that need an editor.
        vendors = (
            Vendor.objects.filter(models__published=True).exclude(slug=PLACEHOLDER_VENDOR_SLUG)
            .distinct().order_by("name").values_list("slug", "name")
        )
        self.fields["vendor"].choices = [("", "Any vendor"), *vendors]
        self.fields["provider"].choices = [
            ("", "Any provider"),
            *Provider.objects.values_list("slug", "name"),
        ]

    def full_clean(self):
        super().full_clean()
        # A field in error says so to assistive technology, and points at its message beside it.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def filter(self, models):
        data = self.cleaned_data
        if data["q"]:
            models = models.filter(name__icontains=data["q"])
        if data["vendor"]:
            models = models.filter(vendor__slug=data["vendor"])
        if data["provider"]:
            offered = Offering.objects.filter(
                model=OuterRef("pk"), provider__slug=data["provider"], active=True
            )
            models = models.filter(Exists(offered))
        if data["purpose"]:
            models = models.filter(purpose=data["purpose"])
        if data["capability"]:
            models = models.filter(**{data["capability"]: Support.YES})
        if data["open_weights"]:
            models = models.filter(open_weights=data["open_weights"])
        if data["min_context"] is not None:
            models = models.filter(context_window__gte=data["min_context"])
        if data["max_price"] is not None:
            models = models.filter(cheapest_blended__lte=data["max_price"])
        return models

    @staticmethod
    def ordering(sort: str) -> list:
        return SORTS.get(sort or "", SORTS[""])[1]

