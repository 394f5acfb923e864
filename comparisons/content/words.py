"""How facts read: the grammar and formatting every sentence uses, a model's spec cells, and the length
limits of a page's title and description."""

import datetime
from decimal import Decimal

from catalog.models import Support

from .facts import CAPABILITY_LABELS, ModelFacts
from .pricing import (
    HUNDRED,
    TIMES_THRESHOLD,
    format_number,
    format_percent,
    format_token_count,
    format_tokens,
)

NOT_SOURCED = "Not yet sourced"
# Search engines show about this many characters of a title and of a description.
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def join_words(items: list[str], conjunction: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def subject(names: list[str], one: str, many: str) -> str:
    """"A is" / "A and B are": the names with the verb that agrees with them."""
    return f"{names[0]} {one}" if len(names) == 1 else f"{join_words(names)} {many}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capability_names(keys: list[str]) -> str:
    return join_words([CAPABILITY_LABELS[k].lower() for k in keys])


def format_date(value: datetime.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def format_month(value: datetime.date) -> str:
    return f"{value:%B %Y}"


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def format_parameters(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text}B"


def format_billions(value: Decimal) -> str:
    return f"{value.normalize():f} billion"


def format_context(n: int) -> str:
    short = format_tokens(n)
    return f"{short} ({n:,} tokens)" if short != f"{n:,}" else format_token_count(n)


def how_much_more(big: Decimal, small: Decimal) -> str:
    ratio = big / small
    if ratio >= TIMES_THRESHOLD:
        return f"{format_number(ratio)} times"
    return f"{format_percent((ratio - 1) * HUNDRED)} more than"


def fit_title(title: str, fallback: str = "", limit: int = TITLE_LIMIT) -> str:
    """`title` where it fits in `limit` characters; else `fallback`, or `title` cut with an ellipsis."""
    if len(title) <= limit:
        return title
    return fallback or title[: limit - 1] + "…"


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut at a sentence end if one fits, else at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end >= limit // 2:
        return cut[: end + 1]
    return cut[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def spec_values(model: ModelFacts) -> dict[str, str]:
    """Every cell of a model's specs column, keyed as in SPEC_ROWS; never empty."""
    values = {
        "purpose": model.purpose_noun.capitalize(),
        "vendor": model.vendor_name,
        "release_date": format_date(model.release_date) if model.release_date else "",
        "context_window": format_context(model.context_window) if model.context_window else "",
        "max_output_tokens": format_context(model.max_output_tokens) if model.max_output_tokens else "",
        "parameters": format_billions(model.parameters_billions) if model.parameters_billions else "",
        "architecture": model.architecture,
        "license": model.license_name,
        "open_weights": "" if model.open_weights == Support.UNKNOWN else Support(model.open_weights).label,
        "knowledge_cutoff": format_month(model.knowledge_cutoff) if model.knowledge_cutoff else "",
        "input_modalities": ", ".join(model.input_modalities).capitalize(),
        "output_modalities": ", ".join(model.output_modalities).capitalize(),
    }
    return {key: value or NOT_SOURCED for key, value in values.items()}


SPEC_ROWS = [
    ("purpose", "Purpose"),
    ("vendor", "Made by"),
    ("release_date", "Released"),
    ("context_window", "Context window"),
    ("max_output_tokens", "Max output"),
    ("parameters", "Parameters"),
    ("architecture", "Architecture"),
    ("license", "License"),
    ("open_weights", "Open weights"),
    ("knowledge_cutoff", "Knowledge cutoff"),
    ("input_modalities", "Input"),
    ("output_modalities", "Output"),
]
