"""How an importer keeps a value as text (SourceFact.value) and reads it back."""

from decimal import Decimal

from ..models import blend_price


def _text(value) -> str:
    """How a value is kept in SourceFact and compared across sources."""
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text if "." in text else f"{text}"
    if isinstance(value, list):
        return ",".join(value)
    if value is None:
        return ""
    return str(value)


def _value(obj, name: str, text: str):
    """A field's value from a fact's text (as `_text` wrote it)."""
    return text.split(",") if name.endswith("_modalities") else obj._meta.get_field(name).to_python(text)


def _blended(facts: dict) -> Decimal:
    # Unpriced entries sort last when several entries describe one offering.
    blended = blend_price(facts.get("input_price"), facts.get("output_price"))
    return Decimal("Infinity") if blended is None else blended
