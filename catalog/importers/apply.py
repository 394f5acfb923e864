"""Write parsed entries into the catalog.

Rules (the methodology page and README describe them for editors):
- **One model, many providers.** Entries are matched to a model by, in order: the model a row of our own
  export names, an editor's `ModelAlias` (for the entry's full id, model id or name), the model the same
  entry landed on before (renaming moves nothing), then an existing model with the entry's key
  (importers/matching.py: `Entry.key`, of the source's display name else of the id; version dots kept, so
  "3.2" never merges with "32"; a snapshot's own page first); otherwise a new model is created.
- **Vendors and providers**: one row per company (importers/companies.py): aliases, the built-in map, then
  an existing row whose name is the same company; otherwise created (a provider with its kind from
  catalog/provider_kinds.py). A `:free` variant ("meta-llama/llama-3.3-70b-instruct:free") is an offering of
  the model at the provider's free tier ("openrouter:free", its own provider), never its price at the
  provider itself. Regional variants (Bedrock's `us.`/`eu.`) are offerings with a region; several
  entries for one offering keep the cheapest by blended price.
- **Precedence.** An editor's value comes first: fields changed by hand in the admin (`curated_fields`)
  are never overwritten unless `overwrite_curated`. Then, for model facts, models.dev before LiteLLM; for
  an offering's price and limits, LiteLLM before models.dev. Within one source, the value most of its
  entries give (ties: the smallest). Slugs and purposes of existing models are editorial and never
  changed by an import; whether a model an import created is published, and its name and vendor while it
  waits for an editor, follow the publish rule (importers/publishing.py).
- **Price dates**: when an import sets any price of an offering, `price_as_of` becomes the day the source
  says it was updated (models.dev `last_updated`), else the day of the import.
- **Disagreements**: every value every entry gives is kept as a `SourceFact`; the admin lists the facts
  on which they differ.
- **Safe to run again**: nothing is written when nothing changed; a dry run does all the work in one
  transaction and rolls it back. Every change is recorded in the history with the import as its reason.
- **Committed in batches** of `BATCH_SIZE` rows (`POSTGRES_BATCH_SIZE` on PostgreSQL), each batch one
  transaction with its own history rows, so an editor's save waits for one batch, never for a whole
  import (on SQLite readers never wait: WAL). Values are applied to rows read afresh, and locked, inside
  their batch: an editor's change made while an import runs is kept, or counted as curated. An import
  stopped half-way is completed by running it again.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import (
    EXTRA_PRICE_FIELDS,
    FormerSlug,
    LanguageModel,
    ModelAlias,
    Offering,
    Source,
    SourceFact,
)
from ..price_changes import record_changes
from ..slugs import make_slug
from .batches import (
    batch_transaction,
    batches,
    create_with_history,
    default_batch_size,
    insert_rows,
    update_with_history,
)
from .companies import Companies
from .entries import Entry, Parsed
from .matching import ModelIndex
from .publishing import name_reason, review
from .report import Change, Report
from .tiers import TIERS_FACT, set_tiers, tier_texts
from .values import _blended, _text, _value

MODEL_FIELDS = [
    "context_window", "max_output_tokens", "release_date", "knowledge_cutoff", "open_weights", "vision",
    "reasoning", "function_calling", "tool_use", "structured_outputs", "input_modalities",
    "output_modalities",
]
OFFERING_FIELDS = [
    "provider_model_id", "input_price", "output_price", "cached_input_price", "context_window", "source_url",
    "retires_on", "retirement_source", *EXTRA_PRICE_FIELDS, TIERS_FACT,
]
PRICE_DATE = "price_as_of"
PRICE_FIELDS = {"input_price", "output_price", "cached_input_price", *EXTRA_PRICE_FIELDS, TIERS_FACT}
PRECEDENCE = {
    "model": [Source.MODELSDEV, Source.LITELLM],
    "offering": [Source.LITELLM, Source.MODELSDEV],
}


class _DryRun(Exception):
    pass


class Importer:
    def __init__(self, parsed: Parsed, source: str, label: str, *, overwrite_curated=False, progress=None,
                 batch_size=None):
        self.parsed, self.source, self.overwrite_curated = parsed, source, overwrite_curated
        self.batch_size = batch_size or default_batch_size()
        self.reason = f"Import: {Source(source).label} ({label})"[:100]
        self.progress = progress
        self.report = Report(source=source, entries=len(parsed.entries), skipped=parsed.skipped,
                             rejected=parsed.rejected, rounded=parsed.rounded,
                             ignored_fields=parsed.ignored_fields)

    # Loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        self.companies = Companies(self.source, self.reason, self.report)
        self.models = {m.pk: m for m in LanguageModel.objects.all()}
        self.index = ModelIndex(list(self.models.values()))
        # An alias for this source wins over one for any source ("" sorts first and is overwritten).
        aliases = ModelAlias.objects.filter(source__in=["", self.source]).order_by("source")
        self.model_aliases = {a.key: a.model_id for a in aliases}
        self.offerings = {(o.model_id, o.provider_id, o.region): o for o in Offering.objects.all()}
        self.facts = defaultdict(list)  # (subject, field) -> [(source, origin, value)]
        self.fact_rows = {}  # (subject, field, origin) of this source -> (pk, value)
        self.placed = {}  # origin of this source -> the model its entry landed on last time
        # Plain values, in no order (every use of them is order-free): a hundred thousand instances cost 1 s.
        rows = SourceFact.objects.order_by().values_list(
            "pk", "subject", "field", "source", "origin", "value", "model_id"
        )
        for pk, subject, name, source, origin, value, model_id in rows:
            self.facts[(subject, name)].append((source, origin, value))
            if source == self.source:
                self.fact_rows[(subject, name, origin)] = (pk, value)
                self.placed[origin] = model_id

    # Resolving entries to rows ------------------------------------------------------------------

    def model_for(self, entry: Entry, pending: dict) -> LanguageModel:
        if hinted := self.index.hinted(entry):  # a row of our own export names its model
            return hinted
        for key in entry.keys:
            if key in self.model_aliases:
                return self.models[self.model_aliases[key]]
        # Where the same entry landed before: a renamed model (a source's name for one named from an id, an
        # editor's) keeps its entries, so a re-import moves nothing. Merges leave aliases (above).
        if self.placed.get(entry.origin) in self.models:
            return self.models[self.placed[entry.origin]]
        # A source's display name, else the id (entries.Entry.key); then the id as such (matching.py).
        if found := self.index.find(entry):
            return found
        pending.setdefault(ModelIndex.pending_key(entry), entry)
        return None

    def create_models(self, pending: dict[str, Entry]) -> None:
        """New models, one per key; names from the source (models.dev names; a guess from a LiteLLM id)."""
        taken = set(LanguageModel.objects.values_list("slug", flat=True)) | set(
            FormerSlug.objects.values_list("slug", flat=True)
        )
        new, keys = [], {}
        names = set(LanguageModel.objects.values_list("vendor_id", "name"))  # (vendor, name) is unique
        for key, entry in sorted(pending.items()):
            base = make_slug(entry.name) or key
            slug, n = base[:140], 2
            while slug in taken:
                slug, n = f"{base[:136]}-{n}", n + 1
            taken.add(slug)
            keys[slug] = key
            vendor = self.companies.vendor_for(entry)
            name, n = entry.name, 2
            while (vendor.pk, name) in names:
                name, n = f"{entry.name} ({n})", n + 1
            names.add((vendor.pk, name))
            # Unpublished until the publish rule (run() ends with it) has seen its offerings.
            reason = name_reason(entry)
            new.append(LanguageModel(
                vendor=vendor, name=name, slug=slug, purpose=entry.purpose, published=False,
                queue_reasons=[reason] if reason else [], source_url="", description="",
            ))
        if not new:
            return
        for batch in batches(new, self.batch_size):
            with batch_transaction():
                create_with_history(batch, LanguageModel, self.reason)
        # Same order as load() (primary key), so that a second run resolves every entry the same way.
        for m in LanguageModel.objects.filter(slug__in=[m.slug for m in new]).order_by("pk"):
            self.models[m.pk] = m
            # The entry's own key first: a name with " (2)" or a slug with "-2" has another key.
            self.index.add(m, keys[m.slug])
        self.report.created["models"] += len(new)
        self.report.created_labels.extend(f"model {m.name}" for m in new)

    # The run --------------------------------------------------------------------------------------

    def run(self) -> Report:
        self.load()
        pending: dict[str, Entry] = {}
        for entry in self.parsed.entries:
            self.model_for(entry, pending)
        self.create_models(pending)

        # Entries grouped by the offering they describe (resolved again: a new model has their name's key).
        by_offering: dict[tuple, list[Entry]] = defaultdict(list)
        for n, entry in enumerate(self.parsed.entries, 1):
            model = self.model_for(entry, {})
            provider = self.companies.provider_for(entry)
            by_offering[(model.pk, provider.pk, entry.region)].append(entry)
            if self.progress and n % 250 == 0:
                self.progress(n, len(self.parsed.entries))
        if self.progress:
            self.progress(len(self.parsed.entries), len(self.parsed.entries))

        new_offerings = []
        for model_id, provider_id, region in by_offering:
            if (model_id, provider_id, region) not in self.offerings:
                new_offerings.append(Offering(model_id=model_id, provider_id=provider_id, region=region))
        if new_offerings:
            for batch in batches(new_offerings, self.batch_size):
                with batch_transaction():
                    create_with_history(batch, Offering, self.reason)
            self.offerings = {(o.model_id, o.provider_id, o.region): o for o in Offering.objects.all()}
            self.report.created["offerings"] += len(new_offerings)

        desired = {}  # (subject, field, origin) -> (model_id, offering_id, value)
        for (model_id, provider_id, region), entries in by_offering.items():
            offering = self.offerings[(model_id, provider_id, region)]
            for entry in entries:
                for name, value in entry.model_facts.items():
                    desired[(f"model:{model_id}", name, entry.origin)] = (model_id, None, _text(value))
                for name, value in entry.offering_facts.items():
                    desired[(f"offering:{offering.pk}", name, entry.origin)] = (
                        model_id, offering.pk, _text(value),
                    )
                desired[(f"offering:{offering.pk}", "blended", entry.origin)] = (
                    model_id, offering.pk, _text(_blended(entry.offering_facts)),
                )
        self.write_facts(desired)
        self.said_on = {e.origin: getattr(e, "said_on", None) for e in self.parsed.entries}
        self.apply_values(by_offering)
        entries_by_model: dict[int, list[Entry]] = defaultdict(list)
        for (model_id, _, _), entries in by_offering.items():
            entries_by_model[model_id].extend(entries)
        review(self, entries_by_model)
        disagreeing = SourceFact.objects.disagreeing().values("subject", "field").distinct()
        self.report.disagreements = disagreeing.count()
        return self.report

    def write_facts(self, desired: dict) -> None:
        create, update = [], []
        now = timezone.now()
        for key, (model_id, offering_id, value) in desired.items():
            row = self.fact_rows.get(key)
            subject, name, origin = key
            if row is None:
                create.append({
                    "subject": subject, "model_id": model_id, "offering_id": offering_id, "field": name,
                    "source": self.source, "origin": origin[:300], "value": value[:300],
                    "created_at": now, "updated_at": now,
                })
            elif row[1] != value[:300]:
                update.append(SourceFact(pk=row[0], value=value[:300], updated_at=now))
        stale = [row[0] for key, row in self.fact_rows.items() if key not in desired]
        # Facts have no history and no revision triggers: ten times as many to a batch.
        size = self.batch_size * 10
        for batch in batches(create, size):
            with batch_transaction():
                insert_rows(SourceFact, batch)
        for batch in batches(update, size):
            with batch_transaction():
                SourceFact.objects.bulk_update(batch, ["value", "updated_at"])
        for batch in batches(stale, size):
            with batch_transaction():
                SourceFact.objects.filter(pk__in=batch).delete()
        self.report.facts_written = len(create) + len(update) + len(stale)
        # The in-memory view of every source's facts, as they now stand.
        for key in self.fact_rows:
            if key not in desired:
                self.facts[key[:2]] = [f for f in self.facts[key[:2]] if f[:2] != (self.source, key[2])]
        for (subject, name, origin), (_, _, value) in desired.items():
            facts = [f for f in self.facts[(subject, name)] if f[:2] != (self.source, origin)]
            facts.append((self.source, origin, value))
            self.facts[(subject, name)] = facts

    def chosen(self, subject: str, name: str, kind: str) -> str | None:
        for source in PRECEDENCE[kind]:
            values = [v for s, _, v in self.facts.get((subject, name), []) if s == source and v != ""]
            if values:
                counts = Counter(values)
                best = max(counts.values())
                return min(v for v, c in counts.items() if c == best)
        return None

    def chosen_offering_entry(self, subject: str) -> dict[str, str]:
        """An offering's values come from one entry (the cheapest blended), the first source that has one."""
        for source in PRECEDENCE["offering"]:
            origins = [(o, v) for s, o, v in self.facts.get((subject, "blended"), []) if s == source]
            if origins:
                origin = min(origins, key=lambda ov: (Decimal(ov[1]), ov[0]))[0]
                values = {name: self.given(subject, name, source, origin) for name in OFFERING_FIELDS}
                # Not a fact of its own: the date applied with a price this entry sets (apply_in_batches).
                said_on = self.said_on.get(origin) or timezone.localdate()
                return values | {PRICE_DATE: said_on.isoformat()}
        return {}

    def given(self, subject: str, name: str, source: str, origin: str) -> str:
        """What one entry of one source gave for a fact ("" if nothing)."""
        return next((v for s, o, v in self.facts.get((subject, name), []) if s == source and o == origin), "")

    def apply_values(self, by_offering) -> None:
        # The chosen values are worked out before any lock is taken; a batch only compares and writes.
        model_values = {
            model_id: [(name, self.chosen(f"model:{model_id}", name, "model")) for name in MODEL_FIELDS]
            for model_id in {model_id for model_id, _, _ in by_offering}
        }
        offering_values = {
            offering.pk: list(self.chosen_offering_entry(f"offering:{offering.pk}").items())
            for offering in (self.offerings[key] for key in by_offering)
        }
        # Only rows whose values differ as loaded take a batch's lock (an unchanged re-import takes none).
        offering_rows = {o.pk: o for o in self.offerings.values()}
        tiers = tier_texts()
        changed = self.apply_in_batches(LanguageModel.objects.all(), {
            pk: v for pk, v in model_values.items() if self.differs(self.models[pk], v, tiers)
        })
        offerings = Offering.objects.select_related("model", "provider")
        changed += self.apply_in_batches(offerings, {
            pk: v for pk, v in offering_values.items() if self.differs(offering_rows[pk], v, tiers)
        })
        self.report.unchanged = len(model_values) + len(offering_values) - changed

    def differs(self, obj, values: list, tiers: dict[int, str]) -> bool:
        """Would any of these values change the row as it was loaded? (`set` decides under the lock.)"""
        for name, text in values:
            if not text or name == PRICE_DATE:
                continue
            if name == TIERS_FACT:
                if tiers.get(obj.pk, "") != text:
                    return True
                continue
            if getattr(obj, name) != _value(obj, name, text):
                return True
        return False

    def apply_in_batches(self, queryset, values: dict[int, list]) -> int:
        """Set each row's chosen values, a batch at a time; returns how many rows changed."""
        count = 0
        for batch in batches(sorted(values), self.batch_size):
            with batch_transaction():
                # Read afresh under the batch's lock: the values an editor saved since the import began.
                rows = queryset.select_for_update(of=("self",)).filter(pk__in=batch).order_by("pk")
                changed: dict = {}
                for obj in rows:
                    done = len(self.report.changes)
                    for name, value in values[obj.pk]:
                        if value is not None and name != PRICE_DATE:
                            self.set(obj, name, value, changed)
                    if any(c.field in PRICE_FIELDS for c in self.report.changes[done:]):
                        self.set(obj, PRICE_DATE, dict(values[obj.pk])[PRICE_DATE], changed)
                update_with_history(changed, queryset.model, self.reason)
            count += len(changed)
        return count

    def set(self, obj, name: str, text: str, changed: dict) -> None:
        """Set one field from a source's text value; a source that says nothing never clears a value."""
        if text == "":
            return
        if name == TIERS_FACT:
            set_tiers(self, obj, text, changed)
            return
        new = _value(obj, name, text)
        old = getattr(obj, name)
        if old == new:
            return
        label = str(obj) if isinstance(obj, Offering) else obj.name
        if name in (obj.curated_fields or []) and not self.overwrite_curated:
            self.report.kept_curated.append(Change(label, name, old, new))
            return
        setattr(obj, name, new)
        obj.updated_at = timezone.now()  # bulk_update does not apply auto_now
        changed.setdefault(obj, set()).add(name)
        self.report.changes.append(Change(label, name, old, new))


def run_import(
    parsed: Parsed, source: str, label: str, *, dry_run=False, overwrite_curated=False, progress=None,
    batch_size=None,
) -> Report:
    """Import parsed entries, committed in batches; with dry_run, report what would change and write nothing
    (one transaction, rolled back: it holds the write lock while it runs)."""
    importer = Importer(parsed, source, label, overwrite_curated=overwrite_curated, progress=progress,
                        batch_size=batch_size)
    if not dry_run:
        report = importer.run()
        # Imports write history in bulk (no after-save signal): their dated price changes are derived here.
        record_changes()
        return report
    try:
        with transaction.atomic():
            importer.run()
            raise _DryRun
    except _DryRun:
        report = importer.report
        report.dry_run = True
    return report
