from django import forms

# A trillion tokens a month is beyond any real workload; above it the numbers stop meaning anything.
MAX_TOKENS_PER_MONTH = 10**12


class CalculatorForm(forms.Form):
    input_tokens = forms.IntegerField(
        label="Input tokens per month", min_value=0, max_value=MAX_TOKENS_PER_MONTH,
        error_messages={"invalid": "Enter input tokens as a whole number, such as 2000000."},
    )
    output_tokens = forms.IntegerField(
        label="Output tokens per month", min_value=0, max_value=MAX_TOKENS_PER_MONTH,
        error_messages={"invalid": "Enter output tokens as a whole number, such as 500000."},
    )

    def clean(self):
        data = super().clean()
        if data.get("input_tokens") == 0 and data.get("output_tokens") == 0:
            raise forms.ValidationError("Enter some input or output tokens to work out a cost.")
        return data
