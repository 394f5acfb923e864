"""Dated changes (catalog.models.CatalogChange), read from the history django-simple-history keeps.

`record_changes()` reads the history rows of offerings and models saved since it last ran, compares each
with the previous row of the same object and stores what changed:
- each price of an offering (PRICE_FIELDS) that differs from the previous row, dated by the row's
  `price_as_of` when it changed with the price and is not after the day the row was saved (the day the
  source gave), else by the day the row was saved;
- a model becoming published (a new model), dated the day it was saved;
- an offering's retirement date set or moved, dated the day it was saved (announced), with the date.
Its source is the import named by the row's change reason ("Import: LiteLLM ..."), else an editor when
the row has a user, else Versus (the demo catalog, a data migration).

Safe to run any time and twice: a change is unique for its history row and field. It runs after every
admin save (on commit), at the end of every import, and once for all existing history (migrations 0019, 0020).
History ids are read past a cursor; an id below the cursor not yet seen (a transaction that committed
after a later one, on PostgreSQL) is kept as pending and read when it appears, for PENDING_FOR.
"""

import datetime
from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from .models.changes import PRICE_FIELDS, ChangeKind, ChangeSource

# A missing history id is forgotten after this long (its transaction was rolled back).
PENDING_FOR = datetime.timedelta(minutes=10)
CHUNK = 500
GAP_WINDOW = 5000
SOURCES = (("Import: LiteLLM", ChangeSource.LITELLM), ("Import: models.dev", ChangeSource.MODELSDEV))

OFFERING_VALUES = (
    "history_id", "id", "model_id", "provider_id", "region", "price_as_of", "retires_on", "source_url",
    "history_date", "history_type", "history_change_reason", "history_user_id", *PRICE_FIELDS,
)
MODEL_VALUES = (
    "history_id", "id", "published", "source_url", "history_date", "history_type", "history_change_reason",
    "history_user_id",
)


def source_of(reason: str | None, user_id: int | None) -> ChangeSource:
    for prefix, source in SOURCES:
        if (reason or "").startswith(prefix):
            return source
    return ChangeSource.EDITOR if user_id else ChangeSource.VERSUS


def price_changes(previous: dict | None, row: dict) -> list[tuple[str, object, object]]:
    """(field, old, new) of each price that differs between two history rows of one offering."""
    before = previous or {}
    return [(f, before.get(f), row[f]) for f in PRICE_FIELDS if before.get(f) != row[f]]


def effective_day(previous: dict | None, row: dict) -> datetime.date:
    """The source's date when the row brought a new one that is not in the future of the row, else the
    day the row was saved (an edit that left an older date standing)."""
    seen = timezone.localdate(row["history_date"])
    as_of = row["price_as_of"]
    fresh = as_of is not None and (previous is None or previous.get("price_as_of") != as_of)
    return as_of if fresh and as_of <= seen else seen


class _Reader:
    def __init__(self, registry):
        self.Change = registry.get_model("catalog", "CatalogChange")
        self.Cursor = registry.get_model("catalog", "ChangeCursor")
        self.User = registry.get_model(*_user_model().split("."))
        self.Offering = registry.get_model("catalog", "Offering")
        self.offering_history = registry.get_model("catalog", "HistoricalOffering")
        self.model_history = registry.get_model("catalog", "HistoricalLanguageModel")
        self.now = timezone.now()
        self.users: dict[int, str] = {}
        self.redo: set[int] = set()  # offering history rows derived again (see offerings)

    def new_rows(self, history, name: str, values: tuple) -> tuple[object, list[dict], set[int]]:
        cursor, _ = self.Cursor.objects.select_for_update().get_or_create(name=name)
        pending = {int(i): seen for i, seen in cursor.pending}
        rows = list(
            history.objects.filter(Q(history_id__gt=cursor.last_id) | Q(history_id__in=list(pending)))
            .order_by("history_id").values(*values)
        )
        seen_ids = {r["history_id"] for r in rows}
        top = max(seen_ids | {cursor.last_id})
        stamp = self.now.isoformat()
        still = {i: s for i, s in pending.items() if i not in seen_ids
                 and datetime.datetime.fromisoformat(s) > self.now - PENDING_FOR}
        if cursor.last_id:  # the first run reads everything there is: no gaps to wait for
            # Only the last GAP_WINDOW ids: a gap is a transaction in flight (one import batch, one save).
            floor = max(cursor.last_id, top - GAP_WINDOW)
            for missing in set(range(floor + 1, top)) - seen_ids:
                still.setdefault(missing, stamp)
        cursor.last_id, cursor.pending = top, sorted([i, s] for i, s in still.items())[-GAP_WINDOW:]
        late = {r["history_id"] for r in rows if r["history_id"] in pending}
        return cursor, rows, late

    def history_of(self, history, ids: set[int], values: tuple) -> dict[int, list[dict]]:
        """Every history row of these objects, oldest first, by object id."""
        by_id = defaultdict(list)
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start:start + CHUNK]
            for r in history.objects.filter(id__in=chunk).order_by("history_id").values(*values):
                by_id[r["id"]].append(r)
        return by_id

    def who(self, row: dict) -> str:
        if row["history_user_id"]:
            if row["history_user_id"] not in self.users:
                user = self.User.objects.filter(pk=row["history_user_id"]).first()
                self.users[row["history_user_id"]] = user.get_username() if user else ""
            return self.users[row["history_user_id"]]
        return (row["history_change_reason"] or "")[:150]

    def change(self, kind, row: dict, model_id: int, day: datetime.date, **fields):
        return self.Change(
            kind=kind, model_id=model_id, effective_on=day, history_id=row["history_id"],
            seen_at=row["history_date"],
            source=source_of(row["history_change_reason"], row["history_user_id"]),
            source_url=row["source_url"] or "", changed_by=self.who(row), **fields,
        )

    def offerings(self) -> list:
        cursor, rows, late = self.new_rows(self.offering_history, "offering", OFFERING_VALUES)
        new = {r["history_id"] for r in rows}
        touched = {r["id"] for r in rows}
        # A late row changes what the rows after it changed from: those are derived again.
        redo_from = {}
        for r in rows:
            if r["history_id"] in late:
                redo_from[r["id"]] = min(redo_from.get(r["id"], r["history_id"]), r["history_id"])
        live = set(self.Offering.objects.filter(pk__in=touched).values_list("pk", flat=True))
        changes = []
        for offering_id, history in self.history_of(self.offering_history, touched, OFFERING_VALUES).items():
            previous = None
            for row in history:
                if row["history_type"] == "-":
                    previous = None
                    continue
                if row["history_id"] >= redo_from.get(offering_id, row["history_id"] + 1):
                    self.redo.add(row["history_id"])
                if row["history_id"] in new or row["history_id"] in self.redo:
                    place = dict(provider_id=row["provider_id"], region=row["region"],
                                 offering_id=offering_id if offering_id in live else None)
                    day = effective_day(previous, row)
                    for field, old, value in price_changes(previous, row):
                        changes.append(self.change(ChangeKind.PRICE, row, row["model_id"], day, field=field,
                                                   old_value=old, new_value=value, **place))
                    retires = row["retires_on"]
                    if retires and retires != (previous or {}).get("retires_on"):
                        changes.append(
                            self.change(ChangeKind.RETIREMENT, row, row["model_id"],
                                        timezone.localdate(row["history_date"]), retires_on=retires, **place)
                        )
                previous = row
        cursor.save()
        return changes

    def models(self) -> list:
        cursor, rows, _ = self.new_rows(self.model_history, "model", MODEL_VALUES)
        new = {r["history_id"] for r in rows}
        changes = []
        for model_id, history in self.history_of(self.model_history, {r["id"] for r in rows},
                                                 MODEL_VALUES).items():
            was_published = False
            for row in history:
                if row["history_id"] in new and row["published"] and not was_published \
                        and row["history_type"] != "-":
                    day = timezone.localdate(row["history_date"])
                    changes.append(self.change(ChangeKind.NEW_MODEL, row, model_id, day))
                was_published = bool(row["published"]) and row["history_type"] != "-"
        cursor.save()
        return changes


def _user_model() -> str:
    from django.conf import settings

    return settings.AUTH_USER_MODEL


def record_changes(registry=global_apps) -> int:
    """Store the changes among history rows saved since the last run; returns how many were new.
    `registry` is a migration's apps in migration 0019."""
    with transaction.atomic():
        reader = _Reader(registry)
        changes = [c for c in reader.offerings() + reader.models() if c.model_id is not None]
        live_models = set(
            registry.get_model("catalog", "LanguageModel").objects
            .filter(pk__in={c.model_id for c in changes}).values_list("pk", flat=True)
        )
        changes = [c for c in changes if c.model_id in live_models]
        if reader.redo:
            reader.Change.objects.exclude(kind=ChangeKind.NEW_MODEL).filter(history_id__in=reader.redo).delete()
        before = reader.Change.objects.count()
        reader.Change.objects.bulk_create(changes, batch_size=CHUNK, ignore_conflicts=True)
        added = reader.Change.objects.count() - before
        if added:
            # The changes are derived after their save committed: a page built in between must not stay
            # cached without them. Touching the models' rows lets the revision triggers (migration 0008)
            # give their pages new keys; the values and the history stay as they are.
            model = registry.get_model("catalog", "LanguageModel")
            touched = sorted(live_models & {c.model_id for c in changes})
            for start in range(0, len(touched), CHUNK):
                model.objects.filter(pk__in=touched[start:start + CHUNK]).update(updated_at=F("updated_at"))
        return added


def record_after_commit(sender, instance, **kwargs) -> None:
    """After a one-row save of an offering or a model (an editor's in the admin), derive its changes once
    the save is committed. Imports write their history in bulk, which sends no signal: they call
    record_changes at their end."""
    if instance._meta.label in ("catalog.Offering", "catalog.LanguageModel"):
        transaction.on_commit(record_changes)


# Connected when the app is ready (catalog/apps.py imports this module).
post_create_historical_record.connect(record_after_commit, dispatch_uid="catalog_changes_after_save")
