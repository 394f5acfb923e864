"""Which existing model an entry's key names (apply.Importer.model_for, after aliases and earlier landings).

A dated snapshot joins its model's page ("claude-3-5-haiku-20241022" is Claude 3.5 Haiku) unless an editor
gave the snapshot a page of its own: a model whose name carries the snapshot ("DeepSeek-V3-0324", the March
2025 release, beside "DeepSeek-V3") takes the entries of that snapshot, and the model without one keeps the
rest. Without the snapshot page, every entry of the key lands on the one model, as before.
"""

from ..models import LanguageModel
from .entries import Entry
from .names import model_key, split_snapshot


def _snapshot(model: LanguageModel) -> str:
    return split_snapshot(model.name.lower().replace(" ", "-"))[1]


def identity(model: LanguageModel) -> tuple[str, str]:
    """What makes a model one model to the importers: its name's key, and the dated snapshot its name
    carries when an editor gave a snapshot its own page ("" otherwise)."""
    return model_key(model.name), _snapshot(model)


class ModelIndex:
    def __init__(self, models: list[LanguageModel]):
        self.by_slug = {m.slug: m for m in models}
        self.by_key: dict[str, LanguageModel] = {}
        self.by_snapshot: dict[tuple[str, str], LanguageModel] = {}
        # Models without a snapshot in their name claim a key first (oldest first); a snapshot page claims
        # its key for entries without a snapshot only when nothing else does.
        ordered = sorted(models, key=lambda m: (bool(_snapshot(m)), m.pk))
        for m in ordered:
            self.add(m)

    def hinted(self, entry: Entry) -> LanguageModel | None:
        """The model a row of Versus's own export names ("meta/llama-3-3-70b-instruct"), if it exists."""
        return self.by_slug.get(entry.model_hint.rsplit("/", 1)[-1]) if entry.model_hint else None

    def add(self, model: LanguageModel, *first_keys: str) -> None:
        self.by_slug.setdefault(model.slug, model)
        if snapshot := _snapshot(model):
            self.by_snapshot.setdefault((model_key(model.name), snapshot), model)
        for key in (*first_keys, model_key(model.slug), model_key(model.name)):
            if key:
                self.by_key.setdefault(key, model)

    def find(self, entry: Entry) -> LanguageModel | None:
        """The model an entry's keys name: its snapshot's own page, else the model of its key."""
        keys = [k for k in dict.fromkeys([entry.key, model_key(entry.model_id)]) if k]
        if entry.snapshot:
            for key in keys:
                if (key, entry.snapshot) in self.by_snapshot:
                    return self.by_snapshot[(key, entry.snapshot)]
        return next((self.by_key[k] for k in keys if k in self.by_key), None)

    @staticmethod
    def pending_key(entry: Entry) -> str:
        keys = [k for k in dict.fromkeys([entry.key, model_key(entry.model_id)]) if k]
        return keys[0] if keys else entry.origin
