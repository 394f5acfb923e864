"""The ranking of /best/ prices only the models that can still enter its first rows (content/ranking.py:
each model's floor rates bound its cost from below). Over random catalogs with every kind of rate and
random workloads and requirements, it is the ranking of pricing every offering of every model."""

import random
from decimal import Decimal

from catalog.models import Support
from comparisons.content.calculation import Workload, price_workload
from comparisons.content.facts import ModelFacts, OfferingFacts, TierFacts
from comparisons.content.ranking import REQUIRABLE, Requirements, candidate, rank


def _price(rng, none=0.0):
    return None if rng.random() < none else Decimal(rng.randint(0, 3000)) / 100


def _catalog(rng) -> list[ModelFacts]:
    models = []
    for i in range(150):
        offerings = []
        for j in range(rng.randint(1, 4)):
            tiers = ()
            if rng.random() < 0.2:
                tiers = (TierFacts(rng.choice([32_000, 128_000, 200_000]), _price(rng, .2), _price(rng, .2),
                                   _price(rng, .5), _price(rng, .5), _price(rng, .7), _price(rng, .7)),)
            offerings.append(OfferingFacts(
                provider_name=f"Provider {j}", provider_slug=f"provider-{j}",
                region=rng.choice(["", "", "eu", "us"]),
                input_price=_price(rng), output_price=_price(rng), cached_input_price=_price(rng, .5),
                context_window=rng.choice([None, 8_000, 128_000, 1_000_000]),
                cache_write_price=_price(rng, .6), cache_write_1h_price=_price(rng, .8),
                batch_input_price=_price(rng, .8), batch_output_price=_price(rng, .8),
                reasoning_output_price=_price(rng, .8), request_price=_price(rng, .9),
                batch_discount=rng.choice([None, None, Decimal(50), Decimal("12.5")]), tiers=tiers,
                active=rng.random() < 0.95,
            ))
        models.append(ModelFacts(
            name=f"Model {rng.randint(0, 60)}", slug=f"model-{i}", vendor_name="V", vendor_slug="v",
            context_window=rng.choice([None, 32_000, 200_000]), offerings=tuple(offerings),
            capabilities={c: rng.choice(list(Support)) for c in REQUIRABLE},
        ))
    return models


def _workload(rng) -> Workload:
    share = Decimal(rng.choice([0, 0, 25, 60])) / 100
    write = Decimal(rng.choice([0, 0, 10])) / 100
    per_request = rng.random() < 0.7
    requests = rng.randint(1, 10**6)
    prompt = rng.randint(10, 300_000)
    return Workload(
        rng.randint(0, 10**10), rng.randint(0, 10**9), share, requests=requests if per_request else None,
        prompt_tokens=prompt if per_request else None, cache_write_share=write, cache_hour=rng.random() < .3,
        batch=rng.random() < 0.3, reasoning_share=Decimal(rng.choice([0, 0, 40])) / 100,
    )


def _requirements(rng) -> Requirements:
    return Requirements(
        min_context=rng.choice([None, None, 100_000]),
        capabilities=tuple(c for c in REQUIRABLE if rng.random() < 0.15),
        region=rng.choice(["", "", "eu"]),
        exclude=("provider-1",) if rng.random() < 0.2 else (),
        providers=("provider-0", "provider-2") if rng.random() < 0.2 else (),
    )


def _every_offering(models, w, req, shown):
    found = []
    for m in models:
        if not req.model_fits(m):
            continue
        costs = [
            (price_workload(o, w).cost, o.label)
            for o in m.offerings if o.is_eligible and req.offering_fits(m, o)
        ]
        if costs:
            found.append((min(costs)[0], m.name.lower(), m.slug))
    return sorted(found)[:shown], len(found)


def test_the_ranking_is_that_of_pricing_every_offering():
    rng = random.Random(18)
    for _ in range(4):
        models = _catalog(rng)
        candidates = [candidate(m) for m in models]
        for _ in range(40):
            w, req = _workload(rng), _requirements(rng)
            shown = rng.choice([1, 5, 25])
            ranking = rank(candidates, w, req, shown)
            expected, fitting = _every_offering(models, w, req, shown)
            assert [(r.cost, r.model.name.lower(), r.model.slug) for r in ranking.ranked] == expected
            assert ranking.fitting == fitting
