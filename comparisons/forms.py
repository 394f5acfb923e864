from decimal import Decimal

from django import forms
from django.db.models import Exists, F, OuterRef

from catalog.models import Offering, Provider, Purpose, Support, Vendor

# Beyond these a number stops describing a real workload: a trillion tokens a month, ten billion
# requests, ten million tokens in one request.
MAX_TOKENS_PER_MONTH = 10**12
MAX_REQUESTS_PER_MONTH = 10**10
MAX_TOKENS_PER_REQUEST = 10**7


def whole(label: str, maximum: int, example: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=maximum,
        error_messages={
            "invalid": f"Enter {label.lower()} as a whole number, such as {example}.",
            "min_value": f"{label} cannot be negative.",
            "max_value": f"{label} must be at most {maximum:,}.",
        },
    )


class CalculatorForm(forms.Form):
    """A monthly workload: tokens per month, or requests per month times tokens per request."""

    input_tokens = whole("Input tokens per month", MAX_TOKENS_PER_MONTH, "2000000")
    output_tokens = whole("Output tokens per month", MAX_TOKENS_PER_MONTH, "500000")
    requests = whole("Requests per month", MAX_REQUESTS_PER_MONTH, "10000")
    input_per_request = whole("Input tokens per request", MAX_TOKENS_PER_REQUEST, "1500")
    output_per_request = whole("Output tokens per request", MAX_TOKENS_PER_REQUEST, "300")
    cache_hit = forms.DecimalField(
        label="Cached share of input (%)", required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2,
        error_messages={
            "invalid": "Enter the cached share of input as a percentage from 0 to 100.",
            "min_value": "The cached share cannot be negative.",
            "max_value": "The cached share cannot be more than 100%.",
            "max_digits": "Enter the cached share with at most two decimal places.",
            "max_decimal_places": "Enter the cached share with at most two decimal places.",
            "max_whole_digits": "The cached share cannot be more than 100%.",
        },
    )

    PER_MONTH = ("input_tokens", "output_tokens")
    PER_REQUEST = ("requests", "input_per_request", "output_per_request")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        monthly = [data.get(f) for f in self.PER_MONTH]
        per_request = [data.get(f) for f in self.PER_REQUEST]
        if any(v is not None for v in per_request):
            if any(v is None for v in per_request):
                raise forms.ValidationError("Enter requests per month and both token counts per request.")
            data["monthly_input"] = per_request[0] * per_request[1]
            data["monthly_output"] = per_request[0] * per_request[2]
        elif all(v is not None for v in monthly):
            data["monthly_input"], data["monthly_output"] = monthly
        else:
            raise forms.ValidationError("Enter input and output tokens per month, or requests and tokens per request.")
        if data["monthly_input"] == 0 and data["monthly_output"] == 0:
            raise forms.ValidationError("Enter some input or output tokens to work out a cost.")
        if max(data["monthly_input"], data["monthly_output"]) > MAX_TOKENS_PER_MONTH:
            raise forms.ValidationError(f"That is more than {MAX_TOKENS_PER_MONTH:,} tokens a month; enter a smaller workload.")
        data["cache_share"] = (data.get("cache_hit") or Decimal(0)) / 100
        return data


CAPABILITY_CHOICES = [
    ("vision", "Vision"), ("reasoning", "Reasoning"), ("function_calling", "Function calling"),
    ("tool_use", "Tool use"), ("structured_outputs", "Structured outputs"), ("code_execution", "Code execution"),
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
        label="Open weights", required=False, choices=[("", "Either"), ("yes", "Open weights"), ("no", "API only")]
    )
    min_context = forms.IntegerField(
        label="Min context (tokens)", required=False, min_value=0, max_value=MAX_TOKENS_PER_REQUEST * 100,
        error_messages={"invalid": "Enter the minimum context window as a whole number of tokens, such as 128000."},
    )
    max_price = forms.DecimalField(
        label="Max blended $/1M", required=False, min_value=0, max_value=100_000, max_digits=12, decimal_places=6,
        error_messages={"invalid": "Enter the maximum blended price as a number of dollars, such as 0.5."},
    )
    sort = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two small queries, the same at any catalog size.
        self.fields["vendor"].choices = [("", "Any vendor"), *Vendor.objects.values_list("slug", "name")]
        self.fields["provider"].choices = [("", "Any provider"), *Provider.objects.values_list("slug", "name")]

    def filter(self, models):
        data = self.cleaned_data
        if data["q"]:
            models = models.filter(name__icontains=data["q"])
        if data["vendor"]:
            models = models.filter(vendor__slug=data["vendor"])
        if data["provider"]:
            offered = Offering.objects.filter(model=OuterRef("pk"), provider__slug=data["provider"], active=True)
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
