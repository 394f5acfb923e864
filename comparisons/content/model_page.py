"""A model's own page: its summary, specs, capabilities, offerings and price history."""

from dataclasses import dataclass

from catalog.models import Support

from .charts import HistoryChart
from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts
from .offerings import OfferingGroup, offering_groups
from .pricing import cheapest, format_usd
from .words import SPEC_ROWS, fit_title, join_words, plural, shorten, spec_values


@dataclass
class ModelPage:
    model: ModelFacts
    title: str
    description: str
    specs: list[tuple[str, str]]
    capabilities: list[tuple[str, str]]
    offerings: list[OfferingGroup]
    cheapest: OfferingFacts | None
    history: HistoryChart | None
    summary: str


def model_summary(model: ModelFacts, best: OfferingFacts | None) -> str:
    """What the model is, who makes it, and where it is cheapest (or why it has no price)."""
    summary = f"{model.name} is {model.purpose_description}, made by {model.vendor_name}."
    if best is not None:
        if best.input_price == best.output_price == 0:  # eligible, so an editor confirmed it
            charges = "serves it free of charge"
        else:
            charges = (
                f"charges {format_usd(best.input_price)} per 1M input and "
                f"{format_usd(best.output_price)} per 1M output tokens"
            )
        summary += (
            f" It is offered by {plural(model.provider_count, 'provider')} with a sourced price; "
            f"the cheapest, {best.label}, {charges}."
        )
        if model.unpriced_providers:
            summary += f" Also listed, price not yet sourced: {join_words(list(model.unpriced_providers))}."
    elif any(o.is_pay_as_you_go for o in model.offerings):
        summary += " Its prices are not yet sourced."
    elif model.offerings:
        summary += " No pay-as-you-go API offering it is listed yet, so it has no price here."
    else:
        summary += " No provider offering it is listed yet."
    return summary


def build_model_page(model: ModelFacts, history: HistoryChart | None = None) -> ModelPage:
    best = cheapest(model.offerings)
    summary = model_summary(model, best)
    specs = spec_values(model)
    return ModelPage(
        model=model,
        title=fit_title(f"{model.name}: price, specs and providers", model.name),
        description=shorten(summary),
        specs=[(label, specs[key]) for key, label in SPEC_ROWS],
        capabilities=[
            (label, Support(model.capability(key)).label) for key, label in CAPABILITY_LABELS.items()
        ],
        offerings=offering_groups(model),
        cheapest=best,
        history=history,
        summary=summary,
    )
