"""Merging one model, vendor or provider into another: one real model has one page, one company one row.

Everything the merged row holds moves onto the row that stays (the target), in one transaction:
- **Offerings** (a model's, or a provider's). Where both have an offering at the same (provider, region)
  (or, for providers, the same (model, region)), the target's stays and each of its fields keeps its value,
  except that an empty field takes the other's value and an editor's value (`curated_fields`) wins over an
  imported one; where both editors set a value, the target's stays and the returned messages name the other.
- **Scores**: the same rule on (benchmark, settings); **specs** the target lacks come from the merged model.
- **Pair notes** move to the target's pair (questions joined to a note the target already has); a note that
  would compare the target with itself is dropped, with a message. **Aliases, source facts, former slugs and
  successors** move.
- **Imports land on the target**: the merged model's name, slug and the source entries that made it become
  `ModelAlias` rows; a merged vendor's name and slug `VendorAlias` rows; a merged provider's name and slug
  `ProviderAlias` rows for any source (""). The merged slug answers 301 (FormerSlug, or the alias tables).
- **History**: the target gets a row "Merged X into Y" with the editor as its user, and so does the deleted
  row; every moved offering, score and note gets its own.
The deleted row's values stay readable in its history, so nothing an editor saved is lost.
"""

import re

from django.db import models, transaction
from django.db.models import Q

from .importers.families import UNATTRIBUTED
from .models import (
    FormerSlug,
    LanguageModel,
    ModelAlias,
    Offering,
    PairNote,
    Provider,
    ProviderAlias,
    SourceFact,
    Support,
    Vendor,
    VendorAlias,
)

# The vendor imports give models they cannot attribute: one home for its slug (importers/families.py).
PLACEHOLDER_VENDOR_SLUG = UNATTRIBUTED[0]
_BOOKKEEPING = {"id", "created_at", "updated_at", "curated_fields"}
_OFFERING_KEEP = _BOOKKEEPING | {"model", "provider", "region"}
_MODEL_SPECS = (
    "release_date", "context_window", "max_output_tokens", "parameters_billions", "architecture",
    "license_name", "open_weights", "knowledge_cutoff", "input_modalities", "output_modalities", "vision",
    "reasoning", "function_calling", "tool_use", "structured_outputs", "code_execution", "description",
    "source_url", "last_reviewed",
)


class MergeRefused(ValueError):
    """A merge that must not happen; the message says why, for the editor."""


def alias_key(text: str) -> str:
    """How vendor aliases (and provider aliases for any source) are matched: letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == Support.UNKNOWN


def _stamp(obj, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason[:100]
    return obj


def _fill(target, other, fields, label: str, messages: list[str]) -> bool:
    """Give `target` the values of `other` it lacks, and an editor's values over imported ones (see the
    module docstring); True when anything changed."""
    target_curated = set(getattr(target, "curated_fields", None) or [])
    other_curated = set(getattr(other, "curated_fields", None) or [])
    changed = False
    for name in fields:
        mine, theirs = getattr(target, name), getattr(other, name)
        if _empty(theirs) or mine == theirs:
            continue
        if name in target_curated:
            if name in other_curated:
                verbose = type(target)._meta.get_field(name).verbose_name
                messages.append(f"{label}: kept {verbose} {mine}; the merged row's {theirs} was dropped.")
            continue
        if name in other_curated or _empty(mine):
            setattr(target, name, theirs)
            changed = True
    if other_curated & set(fields) - target_curated:
        target.curated_fields = sorted(target_curated | (other_curated & set(fields)))
        changed = True
    return changed


def _offering_fields() -> list[str]:
    return [f.name for f in Offering._meta.concrete_fields if f.name not in _OFFERING_KEEP]


def _move_facts(facts, subject: str, **fields) -> None:
    """Re-point source facts at another subject, dropping those the subject already has."""
    for fact in facts:
        duplicate = SourceFact.objects.filter(
            subject=subject, field=fact.field, source=fact.source, origin=fact.origin
        ).exclude(pk=fact.pk)
        if duplicate.exists():
            fact.delete()
        else:
            SourceFact.objects.filter(pk=fact.pk).update(subject=subject, **fields)


def _merge_offering(merged: Offering, target: Offering, user, reason: str, messages: list[str]) -> None:
    """Two offerings of one model at one provider and region: keep `target`, filled from `merged`."""
    label = f"{target.model} at {target.provider}" + (f" ({target.region})" if target.region else "")
    changed = _fill(target, merged, _offering_fields(), label, messages)
    if not target.tiers.exists() and merged.tiers.exists():
        merged.tiers.update(offering=target)
        changed = True
    if changed:
        _stamp(target, user, reason).save()
    _move_facts(merged.source_facts.all(), f"offering:{target.pk}", offering=target, model=target.model)
    _stamp(merged, user, reason).delete()


def _move_offerings(offerings, key_of, existing: dict, user, reason: str, messages: list[str], **change):
    for offering in offerings:
        clash = existing.get(key_of(offering))
        if clash is not None:
            _merge_offering(offering, clash, user, reason, messages)
            continue
        for name, value in change.items():
            setattr(offering, name, value)
        _stamp(offering, user, reason).save()
        if "model" in change:
            offering.source_facts.update(model=change["model"])


def _move_scores(merged: LanguageModel, target: LanguageModel, user, reason: str, messages: list[str]):
    existing = {(s.benchmark_id, s.settings): s for s in target.scores.select_related("benchmark")}
    for score in merged.scores.select_related("benchmark"):
        clash = existing.get((score.benchmark_id, score.settings))
        if clash is None:
            score.model = target
            _stamp(score, user, reason).save()
            continue
        label = f"{score.benchmark}" + (f" ({score.settings})" if score.settings else "")
        if clash.score != score.score:
            messages.append(
                f"{label}: kept {target}'s score {clash.score}; {merged}'s {score.score} was dropped."
            )
        if _fill(clash, score, ["source_url", "last_reviewed"], label, messages):
            _stamp(clash, user, reason).save()
        _stamp(score, user, reason).delete()


def _move_notes(merged: LanguageModel, target: LanguageModel, user, reason: str, messages: list[str]):
    for note in PairNote.objects.filter(Q(model_a=merged) | Q(model_b=merged)):
        other_id = note.model_b_id if note.model_a_id == merged.pk else note.model_a_id
        if other_id == target.pk:
            messages.append(
                f"The note on {merged} vs {target} was dropped: it would compare {target} with itself "
                "(its text stays in its history)."
            )
            _stamp(note, user, reason).delete()
            continue
        low, high = sorted([target.pk, other_id])
        existing = PairNote.objects.filter(model_a_id=low, model_b_id=high).first()
        if existing is None:
            note.model_a_id, note.model_b_id = low, high
            _stamp(note, user, reason).save()
            continue
        last = existing.questions.aggregate(models.Max("position"))["position__max"] or 0
        for n, question in enumerate(note.questions.all(), 1):
            question.note, question.position = existing, last + n
            _stamp(question, user, reason).save()
        if note.intro and not existing.intro:
            existing.intro = note.intro
            _stamp(existing, user, reason).save()
        elif note.intro and note.intro != existing.intro:
            messages.append(
                f"{existing}: kept its intro; the merged note's intro stays in that note's history."
            )
        _stamp(note, user, reason).delete()


def _add_model_aliases(merged: LanguageModel, target: LanguageModel, user, reason: str) -> None:
    """So that an import's entries for the merged model land on the target."""
    keys = {("", merged.name), ("", merged.slug)}
    keys |= set(merged.source_facts.values_list("source", "origin"))
    for source, key in sorted(keys):
        if not ModelAlias.objects.filter(source=source, key=key).exists():
            _stamp(ModelAlias(source=source, key=key[:300], model=target), user, reason).save()


def merge_models(merged: LanguageModel, target: LanguageModel, user=None) -> list[str]:
    """Merge `merged` into `target` (see the module docstring); returns what the editor should know."""
    if merged.pk == target.pk:
        raise MergeRefused(f"{target} cannot be merged into itself.")
    reason = f"Merged {merged.name} into {target.name}"
    messages: list[str] = []
    with transaction.atomic():
        merged = LanguageModel.objects.select_for_update().get(pk=merged.pk)
        target = LanguageModel.objects.select_for_update().get(pk=target.pk)
        existing = {(o.provider_id, o.region): o for o in target.offerings.all()}
        _move_offerings(
            merged.offerings.select_related("provider", "model"), lambda o: (o.provider_id, o.region),
            existing, user, reason, messages, model=target,
        )
        _move_scores(merged, target, user, reason, messages)
        _move_notes(merged, target, user, reason, messages)
        merged.aliases.update(model=target)
        _add_model_aliases(merged, target, user, reason)
        _move_facts(merged.source_facts.filter(offering__isnull=True), f"model:{target.pk}", model=target)
        for predecessor in merged.predecessors.exclude(pk=target.pk):
            predecessor.successor = target
            _stamp(predecessor, user, reason).save()
        if target.successor_id == merged.pk:
            target.successor = None
        elif target.successor_id is None and merged.successor_id not in (None, target.pk):
            target.successor_id = merged.successor_id
        _fill(target, merged, _MODEL_SPECS, str(target), messages)
        merged.former_slugs.update(model=target)
        old_slug = merged.slug
        if merged.published and not target.published:
            messages.append(f"{target} is not published: /models/{old_slug}/ answers 404 until it is.")
        _stamp(merged, user, reason).delete()
        FormerSlug.objects.update_or_create(slug=old_slug, defaults={"model": target})
        _stamp(target, user, reason).save()
    return messages


def _refuse_placeholder(*vendors: Vendor) -> None:
    for vendor in vendors:
        if vendor.slug == PLACEHOLDER_VENDOR_SLUG:
            raise MergeRefused(
                f"“{vendor}” holds the models no source attributes: choose each model's vendor instead."
            )


def merge_vendors(merged: Vendor, target: Vendor, user=None) -> list[str]:
    """Move the merged vendor's models to `target` (a model of the same name there: the two are merged),
    keep its name and slug as aliases, and delete it."""
    if merged.pk == target.pk:
        raise MergeRefused(f"{target} cannot be merged into itself.")
    _refuse_placeholder(merged, target)
    reason = f"Merged vendor {merged.name} into {target.name}"
    messages: list[str] = []
    with transaction.atomic():
        merged = Vendor.objects.select_for_update().get(pk=merged.pk)
        target = Vendor.objects.select_for_update().get(pk=target.pk)
        by_name = {m.name: m for m in target.models.all()}
        for model in merged.models.all():
            if model.name in by_name:
                messages.append(f"{model.name} was under both vendors: merged into {target}'s.")
                messages.extend(merge_models(model, by_name[model.name], user=user))
                continue
            model.vendor = target
            _stamp(model, user, reason).save()
        merged.aliases.update(vendor=target)
        known = {alias_key(k) for k in target.aliases.values_list("key", flat=True)}
        for key in (merged.name, merged.slug):
            if alias_key(key) not in known and not VendorAlias.objects.filter(key=key).exists():
                _stamp(VendorAlias(key=key, vendor=target), user, reason).save()
                known.add(alias_key(key))
        _stamp(merged, user, reason).delete()
        _stamp(target, user, reason).save()
    return messages


def merge_providers(merged: Provider, target: Provider, user=None) -> list[str]:
    """Move the merged provider's offerings to `target` (same model and region there: the target's stays,
    filled from the other), keep its name and slug as aliases for any source, and delete it."""
    if merged.pk == target.pk:
        raise MergeRefused(f"{target} cannot be merged into itself.")
    reason = f"Merged provider {merged.name} into {target.name}"
    messages: list[str] = []
    with transaction.atomic():
        merged = Provider.objects.select_for_update().get(pk=merged.pk)
        target = Provider.objects.select_for_update().get(pk=target.pk)
        if merged.kind != target.kind:
            messages.append(
                f"{target} is a {target.get_kind_display().lower()}; {merged}'s offerings now count as that."
            )
        existing = {(o.model_id, o.region): o for o in target.offerings.all()}
        _move_offerings(
            merged.offerings.select_related("provider", "model"), lambda o: (o.model_id, o.region),
            existing, user, reason, messages, provider=target,
        )
        merged.aliases.update(provider=target)
        for key in (merged.slug, merged.name):
            if not ProviderAlias.objects.filter(source="", key=key).exists():
                _stamp(ProviderAlias(source="", key=key, provider=target), user, reason).save()
        _fill(target, merged, ["website", "batch_discount", "terms"], str(target), messages)
        _stamp(merged, user, reason).delete()
        _stamp(target, user, reason).save()
    return messages


def vendor_by_alias(slug: str) -> Vendor | None:
    """The vendor a merged vendor's slug (or another name) now names, if any."""
    key = alias_key(slug)
    for alias_text, vendor_id in VendorAlias.objects.values_list("key", "vendor_id"):
        if alias_key(alias_text) == key:
            return Vendor.objects.get(pk=vendor_id)
    return None


def provider_by_alias(slug: str) -> Provider | None:
    """The provider a merged provider's slug now names, if any (aliases for any source)."""
    key = alias_key(slug)
    for alias_text, provider_id in ProviderAlias.objects.filter(source="").values_list("key", "provider_id"):
        if alias_key(alias_text) == key:
            return Provider.objects.get(pk=provider_id)
    return None


__all__ = [
    "MergeRefused",
    "alias_key",
    "merge_models",
    "merge_providers",
    "merge_vendors",
    "provider_by_alias",
    "vendor_by_alias",
]
