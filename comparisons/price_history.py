"""The dated price changes the site shows, read from catalog.CatalogChange into content facts: a model's
price history (its page's chart), when its cheapest price last changed (pair pages, kept in the model's
parts), and the changes listed by /changes/, its feeds and the API."""

from collections import defaultdict

from django.db.models import Q

from catalog.models import CatalogChange

from .content import cheapest
from .content.history import ChangeFacts, OfferingHistory, last_change_sentence, offering_history


def change_facts(c: CatalogChange) -> ChangeFacts:
    return ChangeFacts(
        id=c.pk, kind=c.kind, model_name=c.model.name, model_slug=c.model.slug, effective_on=c.effective_on,
        source=c.source, provider_name=c.provider.name if c.provider_id else "",
        provider_slug=c.provider.slug if c.provider_id else "", region=c.region, field=c.field,
        price_label=c.price_label, old_value=c.old_value, new_value=c.new_value, source_url=c.source_url,
        changed_by=c.changed_by, vendor_name=c.model.vendor.name, retires_on=c.retires_on,
    )


def latest_changes():
    return CatalogChange.objects.public().select_related("model", "model__vendor", "provider")


def model_price_history(model_id: int, offerings) -> tuple[OfferingHistory, ...]:
    """Each offering's price over time, from its stored changes (first prices included), in the order of
    `offerings` (the model's OfferingFacts, as its page lists them); the chart of an offering runs to the
    last day its price is known to hold (its "price as of" or review date)."""
    points = defaultdict(list)
    for c in CatalogChange.objects.prices().filter(model_id=model_id).select_related("model", "model__vendor",
                                                                                      "provider"):
        points[(c.provider.slug, c.region)].append(change_facts(c))
    histories = []
    for o in offerings:
        found = points.get((o.provider_slug, o.region))
        until = max((d for d in (o.price_as_of, o.reviewed_on) if d), default=None)
        history = offering_history(found[0].where, found, until) if found else None
        if history is not None:
            histories.append(history)
    return tuple(histories)


def last_change_sentences(models) -> dict[str, str]:
    """{slug: sentence} for each model (ModelFacts) whose cheapest offering's price has changed: when it
    last changed and by how much (content.history.last_change_sentence). One query for all the models (the
    models' parts keep them: parts.model_parts)."""
    wanted = [(facts, best) for facts in models if (best := cheapest(facts.offerings)) is not None]
    if not wanted:
        return {}
    at_cheapest = Q()
    for facts, best in wanted:
        at_cheapest |= Q(model__slug=facts.slug, provider__slug=best.provider_slug, region=best.region)
    found = defaultdict(list)
    changes = (
        CatalogChange.objects.prices().filter(at_cheapest, old_value__isnull=False, new_value__isnull=False)
        .select_related("model", "model__vendor", "provider")
    )
    for c in changes:
        found[c.model.slug].append(change_facts(c))
    sentences = {facts.slug: last_change_sentence(facts.name, found[facts.slug]) for facts, _ in wanted}
    return {slug: s for slug, s in sentences.items() if s}
