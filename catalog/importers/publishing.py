"""The publish rule at import: an imported model is published only when an editor would sign it.

A model an import created (its first history row has an import as its reason) is published when
- its vendor is known (not the placeholder "Unattributed (needs an editor)"),
- its name comes from a source's display name or an editor, not from an id,
- its purpose is one the pages describe (PUBLISHED_PURPOSES),
- it has at least one priced, live, pay-as-you-go offering (`eligible_offering`),
- and no other published model has a name with the same key (one real model, one page).
Otherwise it is unpublished, and `queue_reasons` says why in words an editor reads in the review queue.

The rule is applied again on every import, to every model an import created, unless an editor decided:
a model whose `published` an editor set (it is in `curated_fields`) keeps it, and a rejected one is never
published. Models an editor made (the demo catalog, the admin) are never touched. While a model waits,
an import may settle what it can: a source's display name replaces a name made from an id, and a known
vendor replaces the placeholder (unless an editor set the name or vendor).
"""

from collections import Counter

from django.utils import timezone

from ..models import LanguageModel, Offering, Purpose, eligible_offering
from .batches import batch_transaction, batches, update_with_history
from .entries import Entry, model_key
from .report import Change

# What the pages word right (comparisons/content/facts.py PURPOSE_DESCRIPTIONS): rerankers wait.
PUBLISHED_PURPOSES = {
    Purpose.CHAT, Purpose.CODE, Purpose.SAFETY_CLASSIFIER, Purpose.EMBEDDING, Purpose.RERANKER, Purpose.BASE,
}
VENDOR_UNKNOWN = "vendor unknown"
NAME_FROM_ID = "name made from an id"  # the admin's rename drops reasons that start with "name"
NO_PRICE = "no priced pay-as-you-go offering"
SAME_NAME = "same name as a published model"


def name_reason(entry: Entry) -> str | None:
    """The queue reason a new model gets from the entry that named it, if no source named it."""
    return f"{NAME_FROM_ID}: {entry.model_id}"[:200] if entry.name_from_id else None


def display_name(entries: list[Entry]) -> str | None:
    """The name most of a model's named entries give (ties: the shortest, then alphabetical)."""
    names = Counter(e.name for e in entries if not e.name_from_id and e.name)
    if not names:
        return None
    best = max(names.values())
    return min((n for n, c in names.items() if c == best), key=lambda n: (len(n), n))


def review(importer, entries_by_model: dict[int, list[Entry]]) -> None:
    """Apply the publish rule to every model an import created; write only the rows that change."""
    created = set(
        LanguageModel.history.filter(history_type="+", history_change_reason__startswith="Import:")
        .values_list("id", flat=True)
    )
    priced = set(Offering.objects.filter(eligible_offering()).values_list("model_id", flat=True).distinct())
    models = list(LanguageModel.objects.select_related("vendor").order_by("pk"))
    decided = [m for m in models if m.pk not in created or m.rejected or "published" in m.curated_fields]
    # Names taken on public pages: by models an editor decided on first, then by those already published,
    # then in primary-key order (a model that has a page keeps it).
    taken = {model_key(m.name): m for m in decided if m.published and not m.rejected}
    models.sort(key=lambda m: (not m.published, m.pk))
    names = {(m.vendor_id, m.name) for m in models}
    placeholder = importer.companies.placeholder
    wanted = {}
    for model in models:
        if model.pk not in created or model.rejected or "published" in model.curated_fields:
            continue
        entries = entries_by_model.get(model.pk, [])
        values = {"vendor": model.vendor, "name": model.name}
        reasons = [r for r in model.queue_reasons if r.startswith(NAME_FROM_ID)]
        if "name" in model.curated_fields:
            reasons = []
        name = display_name(entries) if reasons else None
        if name and (name == model.name or (model.vendor_id, name) not in names):
            values["name"], reasons = name, []
            names.add((model.vendor_id, name))
        if placeholder and model.vendor_id == placeholder.pk and "vendor" not in model.curated_fields:
            known = [v for v in map(importer.companies.vendor_for, entries) if v.pk != placeholder.pk]
            if known and (known[0].pk, values["name"]) not in names:
                values["vendor"] = known[0]
                names.add((known[0].pk, values["name"]))
        if placeholder and values["vendor"].pk == placeholder.pk:
            reasons.insert(0, VENDOR_UNKNOWN)
        if model.purpose not in PUBLISHED_PURPOSES:
            reasons.append(f"purpose not compared on the site yet: {model.get_purpose_display()}")
        if model.pk not in priced:
            reasons.append(NO_PRICE)
        other = taken.get(model_key(values["name"]))
        if not reasons and other is not None and other.pk != model.pk:
            reasons.append(f"{SAME_NAME}: {other.name} ({other.vendor}); merge them or rename one")
        if not reasons:
            taken[model_key(values["name"])] = model
        values |= {"published": not reasons, "queue_reasons": reasons}
        if any(getattr(model, f) != v for f, v in values.items()):
            wanted[model.pk] = values
    _write(importer, wanted)
    # What the report says: how many imported models are published, how many wait and why.
    for model in models:
        if model.pk not in created or model.rejected:
            continue
        values = wanted.get(model.pk, {"published": model.published, "queue_reasons": model.queue_reasons})
        if values["published"]:
            importer.report.published += 1
        else:
            importer.report.waiting += 1
            importer.report.queue.update(r.split(":")[0] for r in values["queue_reasons"])


def _shown(value):
    return "; ".join(value) if isinstance(value, list) else value


def _write(importer, wanted: dict[int, dict]) -> None:
    """Write the settled values, a batch at a time, on rows read afresh under the batch's lock: a model an
    editor published, rejected, renamed or re-attributed since the import began keeps the editor's value."""
    for batch in batches(sorted(wanted), importer.batch_size):
        with batch_transaction():
            rows = LanguageModel.objects.select_for_update(of=("self",)).filter(pk__in=batch).order_by("pk")
            changed: dict = {}
            for model in rows:
                if model.rejected or "published" in model.curated_fields:
                    continue
                for name, value in wanted[model.pk].items():
                    if name in model.curated_fields or getattr(model, name) == value:
                        continue
                    old = getattr(model, name)
                    setattr(model, name, value)
                    changed.setdefault(model, set()).add(name)
                    importer.report.changes.append(Change(model.name, name, _shown(old), _shown(value)))
                if model in changed:
                    model.updated_at = timezone.now()
            update_with_history(changed, LanguageModel, importer.reason)
