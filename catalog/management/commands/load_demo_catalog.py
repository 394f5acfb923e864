"""Load the demo catalog (real, sourced facts from catalog/demo/catalog.json).

Safe to run again: rows that exist are left as they are, so an editor's changes survive `make run`;
`--reset` puts the demo values back (recorded in the history like any other change).
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import Benchmark, BenchmarkScore, LanguageModel, Offering, Provider, Vendor
from catalog.provider_kinds import PROVIDER_TERMS, kind_for

DEMO_PATH = Path(__file__).resolve().parents[2] / "demo" / "catalog.json"
CHANGE_REASON = "Demo catalog"


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    if len(value) == 7:  # "YYYY-MM": a month, stored as its first day
        value = f"{value}-01"
    return datetime.date.fromisoformat(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


class Command(BaseCommand):
    help = "Load the demo catalog of real models, providers, prices and benchmark scores."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=DEMO_PATH, help="Catalog JSON (default: the shipped demo)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Overwrite existing rows with the demo values."
        )

    def handle(self, *args, path: Path, reset: bool, **options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the demo catalog {path}: {exc}") from exc
        self.reset = reset
        self.counts = {"created": 0, "updated": 0, "kept": 0}
        with transaction.atomic():
            self.load(data)
        c = self.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalog: {c['created']} created, {c['updated']} updated, {c['kept']} kept as they "
                "were."
            )
        )

    def upsert(self, model, lookup: dict, values: dict, curated: tuple[str, ...] = ()):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            status = "created"
        elif self.reset and any(getattr(obj, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            status = "updated"
        else:
            self.counts["kept"] += 1
            return obj
        obj._change_reason = CHANGE_REASON
        if curated:
            # Facts from model cards, checked by hand: imports must not replace them (an editor's value
            # first).
            obj.curated_fields = sorted(k for k in curated if values.get(k) not in (None, "", [], "unknown"))
        obj.full_clean()
        obj.save()
        self.counts[status] += 1
        return obj

    def load(self, data: dict) -> None:
        vendors = {
            v["slug"]: self.upsert(
                Vendor, {"slug": v["slug"]}, {"name": v["name"], "website": v.get("website", "")}
            )
            for v in data["vendors"]
        }
        providers = {
            p["slug"]: self.upsert(
                Provider,
                {"slug": p["slug"]},
                {
                    "name": p["name"],
                    "website": p.get("website", ""),
                    "kind": p.get("kind") or kind_for(p["slug"]),
                    "terms": p.get("terms") or PROVIDER_TERMS.get(p["slug"], ""),
                },
            )
            for p in data["providers"]
        }
        benchmarks = {
            b["slug"]: self.upsert(
                Benchmark,
                {"slug": b["slug"]},
                {
                    "name": b["name"],
                    "url": b.get("url", ""),
                    "description": b.get("description", ""),
                    "higher_is_better": b.get("higher_is_better", True),
                },
            )
            for b in data["benchmarks"]
        }
        for m in data["models"]:
            values = {
                "vendor": vendors[m["vendor"]],
                "name": m["name"],
                "purpose": m["purpose"],
                "release_date": _date(m.get("release_date")),
                "context_window": m.get("context_window"),
                "max_output_tokens": m.get("max_output_tokens"),
                "parameters_billions": _decimal(m.get("parameters_billions")),
                "architecture": m.get("architecture") or "",
                "license_name": m.get("license_name") or "",
                "open_weights": m.get("open_weights", "unknown"),
                "knowledge_cutoff": _date(m.get("knowledge_cutoff")),
                "input_modalities": m.get("input_modalities", []),
                "output_modalities": m.get("output_modalities", []),
                **m.get("capabilities", {}),
                "description": m.get("description", ""),
                "source_url": m.get("source_url", ""),
                "last_reviewed": _date(m.get("last_reviewed")),
                "published": True,
            }
            model = self.upsert(LanguageModel, {"slug": m["slug"]}, values, curated=tuple(values))
            for o in m.get("offerings", []):
                self.upsert(
                    Offering,
                    {"model": model, "provider": providers[o["provider"]]},
                    {
                        "provider_model_id": o.get("provider_model_id") or "",
                        "input_price": _decimal(o.get("input_price")),
                        "output_price": _decimal(o.get("output_price")),
                        "cached_input_price": _decimal(o.get("cached_input_price")),
                        "context_window": o.get("context_window"),
                        "source_url": o.get("source_url", ""),
                        "last_reviewed": _date(o.get("last_reviewed")),
                    },
                )
            for s in m.get("scores", []):
                self.upsert(
                    BenchmarkScore,
                    {
                        "model": model,
                        "benchmark": benchmarks[s["benchmark"]],
                        "settings": s.get("settings", ""),
                    },
                    {
                        "score": Decimal(s["score"]),
                        "verification": s.get("verification", "self_reported"),
                        "source_url": s.get("source_url", ""),
                        "last_reviewed": _date(s.get("last_reviewed")),
                    },
                )
