"""Generate a large, realistic synthetic catalog for load tests and scale tests.

`manage.py generate_synthetic_catalog --models 2000 --providers 60 --seed 1`

Realistic in the ways that matter to page cost and correctness: provider counts per model are skewed
(most models at one to three providers, a few at dozens), popular providers carry most offerings, many
facts are missing (unknown capabilities, undisclosed parameter counts, unpriced offerings), prices come
from a small set of common price points so ties are frequent, benchmark coverage is uneven, and a few
pairs have editor notes. Rows are written with bulk_create (the data-revision triggers still run);
offerings get a history row each, as the price-history chart reads it. The same seed makes the same
catalog; rows are added to whatever exists, with slugs kept unique.
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from catalog.models import (
    CAPABILITY_FIELDS,
    Benchmark,
    BenchmarkScore,
    LanguageModel,
    Modality,
    Offering,
    PairNote,
    PairQuestion,
    Provider,
    Purpose,
    Support,
    Vendor,
)
from catalog.slugs import make_slug

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "no",
    "vi",
    "sa",
    "qu",
    "ze",
    "ta",
    "ro",
    "li",
    "fa",
    "do",
    "ne",
    "xo",
    "pe",
]
FAMILIES = [
    "Nova",
    "Atlas",
    "Orion",
    "Lumen",
    "Vega",
    "Cirrus",
    "Helix",
    "Quill",
    "Sable",
    "Tern",
    "Pike",
    "Onyx",
]
VARIANTS = ["Instruct", "Chat", "Base", "Coder", "Mini", "Turbo", "Pro", "Flash", "Reasoning", ""]
SIZES = [
    Decimal(x) for x in ("0.5", "1", "1.5", "3", "7", "8", "13", "14", "32", "34", "70", "72", "123", "405")
]
# Common price points (USD per 1M tokens): real price sheets cluster on these, so ties are frequent.
PRICES = [Decimal(x) for x in (
    "0", "0.02", "0.04", "0.05", "0.06", "0.08", "0.10", "0.15", "0.20", "0.25", "0.30", "0.40", "0.50",
    "0.60", "0.80", "0.90", "1.00", "1.20", "2.00", "2.50", "3.00", "5.00", "10.00", "15.00",
)]
BENCHMARKS = [
    "MMLU", "MMLU-Pro", "GPQA Diamond", "HumanEval", "MBPP", "GSM8K", "MATH", "ARC Challenge", "HellaSwag",
    "IFEval", "BBH", "DROP", "MGSM", "LiveCodeBench", "SWE-bench Verified", "AIME 2024",
]
SETTINGS = ["", "5-shot", "0-shot", "0-shot CoT", "8-shot CoT"]
PURPOSES = (
    [Purpose.CHAT] * 14 + [Purpose.CODE] * 3 + [Purpose.EMBEDDING, Purpose.SAFETY_CLASSIFIER, Purpose.BASE]
)


class Command(BaseCommand):
    help = "Add a large synthetic catalog (skewed, with gaps and ties) for load and scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--models", type=int, default=2000)
        parser.add_argument("--providers", type=int, default=60)
        parser.add_argument("--vendors", type=int, default=None, help="Default: one per 15 models.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, models: int, providers: int, vendors: int | None, seed: int, **options):
        if models < 2 or providers < 1:
            raise CommandError("Need at least 2 models and 1 provider.")
        started = time.monotonic()
        self.rng = random.Random(seed)
        self.slugs: dict[type, set[str]] = {}
        with transaction.atomic():
            vendor_rows = self.vendors(vendors or max(2, models // 15), seed)
            provider_rows = self.providers(providers, seed)
            benchmark_rows = self.benchmarks()
            model_rows = self.models(models, vendor_rows)
            offerings = self.offerings(model_rows, provider_rows)
            scores = self.scores(model_rows, benchmark_rows)
            notes = self.notes(model_rows)
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic catalog (seed {seed}): {len(vendor_rows)} vendors, {len(provider_rows)} providers, "
            f"{len(model_rows)} models, {offerings} offerings, {scores} benchmark scores, {notes} pair notes "
            f"in {time.monotonic() - started:.1f} s."
        ))

    # -- helpers -----------------------------------------------------------------------------------

    def unique_slug(self, model: type, name: str) -> tuple[str, str]:
        taken = self.slugs.setdefault(model, set(model.objects.values_list("slug", flat=True)))
        names = set(model.objects.values_list("name", flat=True)) if model is not LanguageModel else set()
        base_name, n = name, 1
        while make_slug(name) in taken or name in names:
            n += 1
            name = f"{base_name} {n}"
        slug = make_slug(name)
        taken.add(slug)
        return name, slug

    def word(self, parts: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    def zipf_weights(self, n: int, s: float = 1.1) -> list[float]:
        return [1 / (rank ** s) for rank in range(1, n + 1)]

    # -- rows --------------------------------------------------------------------------------------

    def vendors(self, count: int, seed: int) -> list[Vendor]:
        rows = []
        for _ in range(count):
            name, slug = self.unique_slug(
                Vendor, f"{self.word(2)} {self.rng.choice(['AI', 'Labs', 'Research', 'Systems'])}"
            )
            rows.append(Vendor(name=name, slug=slug, website=f"https://{slug}.example/"))
        return Vendor.objects.bulk_create(rows, batch_size=500)

    def providers(self, count: int, seed: int) -> list[Provider]:
        rows = []
        for _ in range(count):
            name, slug = self.unique_slug(
                Provider, f"{self.word(3)} {self.rng.choice(['Cloud', 'Inference', 'AI', 'Compute'])}"
            )
            rows.append(Provider(name=name, slug=slug, website=f"https://{slug}.example/"))
        return Provider.objects.bulk_create(rows, batch_size=500)

    def benchmarks(self) -> list[Benchmark]:
        existing = {b.slug: b for b in Benchmark.objects.all()}
        new = [
            Benchmark(name=name, slug=make_slug(name), url=f"https://benchmarks.example/{make_slug(name)}")
            for name in BENCHMARKS
            if make_slug(name) not in existing and not Benchmark.objects.filter(name=name).exists()
        ]
        Benchmark.objects.bulk_create(new)
        return list(Benchmark.objects.filter(slug__in=[make_slug(n) for n in BENCHMARKS]))

    def models(self, count: int, vendors: list[Vendor]) -> list[LanguageModel]:
        rng = self.rng
        weights = self.zipf_weights(len(vendors), 0.9)
        today = datetime.date(2026, 11, 1)
        rows, seen = [], set(LanguageModel.objects.values_list("vendor_id", "name"))
        for _ in range(count):
            vendor = rng.choices(vendors, weights)[0]
            size = rng.choice(SIZES)
            variant = rng.choice(VARIANTS)
            version = f"{rng.randint(1, 4)}.{rng.randint(0, 9)}"
            base = f"{rng.choice(FAMILIES)} {version} {size.normalize():f}B {variant}".strip()
            name, slug = self.unique_slug(LanguageModel, base)
            while (vendor.pk, name) in seen:
                name, slug = self.unique_slug(LanguageModel, f"{base} {rng.randint(2, 999)}")
            seen.add((vendor.pk, name))
            known = rng.random()
            purpose = rng.choice(PURPOSES)
            rows.append(
                LanguageModel(
                    vendor=vendor,
                    name=name,
                    slug=slug,
                    purpose=purpose,
                    release_date=today - datetime.timedelta(days=rng.randint(0, 1200))
                    if known > 0.1
                    else None,
                    context_window=rng.choice([4096, 8192, 32768, 131072, 200000, 1048576])
                    if known > 0.2
                    else None,
                    max_output_tokens=rng.choice([2048, 4096, 8192, 32768]) if known > 0.5 else None,
                    # Closed models rarely disclose their size.
                    parameters_billions=size if rng.random() < 0.55 else None,
                    architecture=rng.choice(["Decoder-only transformer", "Mixture of experts", ""]),
                    license_name=rng.choice(["Apache 2.0", "MIT", "Proprietary", "Community License", ""]),
                    open_weights=rng.choice([Support.YES, Support.NO, Support.UNKNOWN]),
                    knowledge_cutoff=datetime.date(rng.randint(2022, 2026), rng.randint(1, 12), 1)
                    if known > 0.4
                    else None,
                    input_modalities=[Modality.TEXT] + ([Modality.IMAGE] if rng.random() < 0.3 else [])
                    if known > 0.25
                    else [],
                    output_modalities=[Modality.TEXT] if known > 0.25 else [],
                    **{
                        f: rng.choice([Support.YES, Support.NO, Support.UNKNOWN, Support.UNKNOWN])
                        for f in CAPABILITY_FIELDS
                    },
                    description=(
                        f"{name} is a synthetic {Purpose(purpose).label.lower()} model made for load tests."
                    ),
                    source_url=f"https://{vendor.slug}.example/models/{slug}" if known > 0.3 else "",
                    last_reviewed=today - datetime.timedelta(days=rng.randint(0, 200))
                    if known > 0.3
                    else None,
                    published=rng.random() < 0.96,
                )
            )
        return LanguageModel.objects.bulk_create(rows, batch_size=500)

    def offerings(self, models: list[LanguageModel], providers: list[Provider]) -> int:
        rng = self.rng
        weights = self.zipf_weights(len(providers), 1.0)
        rows = []
        for model in models:
            # Skewed: most models at 1-3 providers, a long tail up to every provider.
            count = min(len(providers), max(0, int(rng.paretovariate(1.2))) if rng.random() > 0.08 else 0)
            chosen: set[int] = set()
            while len(chosen) < count:
                chosen.add(rng.choices(range(len(providers)), weights)[0])
            base_in = rng.choice(PRICES)
            for index in sorted(chosen):
                priced = rng.random() > 0.1
                # Providers often charge the same list price: ties between offerings and between models.
                input_price = base_in if rng.random() < 0.5 else rng.choice(PRICES)
                output_price = (
                    input_price * rng.choice([1, 1, 2, 3, 4]) if rng.random() < 0.8 else rng.choice(PRICES)
                )
                rows.append(
                    Offering(
                        model=model,
                        provider=providers[index],
                        provider_model_id=f"{providers[index].slug}/{model.slug}",
                        input_price=input_price if priced else None,
                        output_price=output_price if priced else None,
                        cached_input_price=(input_price / 4).quantize(Decimal("0.0001"))
                        if priced and rng.random() < 0.2
                        else None,
                        context_window=rng.choice([None, None, 32768, 65536]),
                        active=rng.random() > 0.05,
                        source_url=f"https://{providers[index].slug}.example/pricing"
                        if rng.random() > 0.2
                        else "",
                        last_reviewed=datetime.date(2026, 11, 1)
                        - datetime.timedelta(days=rng.randint(0, 300)),
                    )
                )
        bulk_create_with_history(rows, Offering, batch_size=1000)
        return len(rows)

    def scores(self, models: list[LanguageModel], benchmarks: list[Benchmark]) -> int:
        rng = self.rng
        rows = []
        for model in models:
            # Uneven coverage: popular benchmarks first, many models with none.
            for rank, benchmark in enumerate(benchmarks):
                if rng.random() < 0.6 / (1 + rank * 0.4):
                    rows.append(BenchmarkScore(
                        model=model, benchmark=benchmark, settings=rng.choice(SETTINGS),
                        score=Decimal(rng.randint(50, 9500)) / 100,
                        verification=rng.choice(["self_reported", "self_reported", "independent"]),
                        source_url=f"https://{model.slug}.example/card" if rng.random() > 0.3 else "",
                    ))
        BenchmarkScore.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        return len(rows)

    def notes(self, models: list[LanguageModel]) -> int:
        rng = self.rng
        pairs = set()
        for _ in range(max(1, len(models) // 100)):
            a, b = rng.sample(models, 2)
            pairs.add(tuple(sorted([a.pk, b.pk])))
        notes = PairNote.objects.bulk_create(
            [
                PairNote(model_a_id=a, model_b_id=b, intro="An editor's synthetic note on this pair.")
                for a, b in pairs
            ],
            ignore_conflicts=True,
        )
        notes = list(PairNote.objects.filter(model_a_id__in=[a for a, _ in pairs]))
        PairQuestion.objects.bulk_create(
            [
                PairQuestion(
                    note=note,
                    question="Which should I pick?",
                    answer="It depends on your workload.",
                    position=0,
                )
                for note in notes
            ]
        )
        return len(pairs)
