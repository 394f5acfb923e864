"""A model's own page: its summary, specs, capabilities and offerings (price history: changes.py)."""

import datetime
from dataclasses import dataclass

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import Support

from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts
from .offerings import OfferingGroup, offering_groups
from .pricing import cheapest, format_usd
from .words import NOT_SOURCED, SPEC_ROWS, fit_title, format_date, join_words, plural, shorten, spec_values


@dataclass(frozen=True)
class Review:
    """Whether an editor has reviewed the facts a page shows: each model's details and each of its prices."""

    oldest: datetime.date | None  # the oldest review among the reviewed facts
    facts: int
    unreviewed: int

    @property
    def text(self) -> str:
        if self.unreviewed == 0 and self.oldest is not None:
            return f"Last reviewed: {format_date(self.oldest)}."
        if self.oldest is None:
            return "Imported from its sources and not yet reviewed by an editor."
        return (
            f"{self.unreviewed:,} of the {self.facts:,} facts shown (model details and prices) are imported "
            "from their sources and not yet reviewed by an editor; the oldest review of the others is "
            f"{format_date(self.oldest)}."
        )


def page_review(models: list[ModelFacts]) -> Review:
    """A page is only as fresh as its stalest fact: the oldest review among the models' details and their
    offerings' prices, and how many of them no editor has reviewed (imported as the sources state them)."""
    dates = [m.last_reviewed for m in models] + [o.reviewed_on for m in models for o in m.offerings]
    reviewed = [d for d in dates if d is not None]
    return Review(min(reviewed, default=None), len(dates), len(dates) - len(reviewed))


@dataclass
class ModelPage:
    model: ModelFacts
    title: str
    description: str
    specs: list[tuple[str, str]]
    capabilities: list[tuple[str, str]]
    offerings: list[OfferingGroup]
    cheapest: OfferingFacts | None
    summary: str
    review: Review | None = None
    # Who makes it, as the page names it ("" while no one has attributed it).
    maker: str = ""
    # Search engines see a model's page while some provider still offers it (or lists it).
    indexable: bool = True
    # "Its successor is X." for a model with no live offering and a successor named; the page links X.
    successor: str = ""


def maker(model: ModelFacts) -> str:
    """The vendor's name as pages print it: "" for the placeholder vendor imports give a model they could
    not attribute ("Unattributed (needs an editor)"), which is never named on a public page."""
    return "" if model.vendor_slug == PLACEHOLDER_VENDOR_SLUG else model.vendor_name


def public_specs(model: ModelFacts) -> dict[str, str]:
    """`spec_values` as public pages show them: an unattributed model's maker is not yet sourced."""
    specs = spec_values(model)
    if not maker(model):
        specs["vendor"] = NOT_SOURCED
    return specs


def _last_retired(offerings) -> str:
    return format_date(max(o.retires_on for o in offerings))


def model_summary(model: ModelFacts, best: OfferingFacts | None) -> str:
    """What the model is, who makes it, and where it is cheapest (or why it has no price: not yet sourced,
    no pay-as-you-go API, or retired everywhere)."""
    live = [o for o in model.offerings if o.is_live]
    retired = [o for o in model.offerings if o.retired]
    made_by = f", made by {maker(model)}" if maker(model) else ""
    summary = f"{model.name} is {model.purpose_description}{made_by}."
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
        if best.retires_on is not None:
            summary += f" {best.label} retires it on {format_date(best.retires_on)}."
        if model.unpriced_providers:
            summary += f" Also listed, price not yet sourced: {join_words(list(model.unpriced_providers))}."
    elif any(o.is_pay_as_you_go for o in live):
        summary += " Its prices are not yet sourced."
    elif live and any(o.is_pay_as_you_go for o in retired):
        last = _last_retired([o for o in retired if o.is_pay_as_you_go])
        summary += (
            f" No pay-as-you-go API offers it any more (the last retired it on {last}),"
            " so it has no price here."
        )
    elif live:
        summary += " No pay-as-you-go API offering it is listed yet, so it has no price here."
    elif model.retired_on is not None:
        summary += (
            " No provider offers it any more: every offering listed has been retired, "
            f"the last on {format_date(model.retired_on)}."
        )
    else:
        summary += " No provider offering it is listed yet."
    return summary


def successor_sentence(model: ModelFacts) -> str:
    """Where a buyer goes instead, for a model nobody offers any more (the page links the name)."""
    if model.has_live_offering or not model.successor_name:
        return ""
    return f"Its successor is {model.successor_name}."


def build_model_page(model: ModelFacts) -> ModelPage:
    best = cheapest(model.offerings)
    summary = model_summary(model, best)
    successor = successor_sentence(model)
    specs = public_specs(model)
    return ModelPage(
        model=model,
        title=fit_title(f"{model.name}: price, specs and providers", model.name),
        description=shorten(f"{summary} {successor}" if successor else summary),
        specs=[(label, specs[key]) for key, label in SPEC_ROWS],
        capabilities=[
            (label, Support(model.capability(key)).label) for key, label in CAPABILITY_LABELS.items()
        ],
        offerings=offering_groups(model),
        cheapest=best,
        summary=summary,
        review=page_review([model]),
        maker=maker(model),
        indexable=model.has_live_offering,
        successor=successor,
    )
