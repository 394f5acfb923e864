"""Plain `make_*` functions with sensible defaults; pass any field to override it."""

import itertools
from decimal import Decimal

from catalog.models import Benchmark, BenchmarkScore, LanguageModel, Offering, Provider, Vendor
from catalog.slugs import make_slug

_seq = itertools.count(1)


def make_vendor(name: str | None = None, **fields) -> Vendor:
    name = name or f"Vendor {next(_seq)}"
    fields.setdefault("slug", make_slug(name))
    return Vendor.objects.create(name=name, **fields)


def make_provider(name: str | None = None, **fields) -> Provider:
    name = name or f"Provider {next(_seq)}"
    fields.setdefault("slug", make_slug(name))
    return Provider.objects.create(name=name, **fields)


def make_model(name: str | None = None, vendor: Vendor | None = None, **fields) -> LanguageModel:
    name = name or f"Model {next(_seq)}"
    fields.setdefault("slug", make_slug(name))
    fields.setdefault("published", True)
    return LanguageModel.objects.create(name=name, vendor=vendor or make_vendor(), **fields)


def make_offering(model: LanguageModel | None = None, provider: Provider | None = None, **fields) -> Offering:
    for price in ("input_price", "output_price"):
        if isinstance(fields.get(price), str):
            fields[price] = Decimal(fields[price])
    fields.setdefault("input_price", Decimal("0.10"))
    fields.setdefault("output_price", Decimal("0.10"))
    return Offering.objects.create(
        model=model or make_model(), provider=provider or make_provider(), **fields
    )


def make_benchmark(name: str | None = None, **fields) -> Benchmark:
    name = name or f"Benchmark {next(_seq)}"
    fields.setdefault("slug", make_slug(name))
    return Benchmark.objects.create(name=name, **fields)


def make_score(
    model: LanguageModel | None = None, benchmark: Benchmark | None = None, **fields
) -> BenchmarkScore:
    fields.setdefault("score", Decimal("50.0"))
    return BenchmarkScore.objects.create(
        model=model or make_model(), benchmark=benchmark or make_benchmark(), **fields
    )
