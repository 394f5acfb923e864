"""What an import did (or, in a dry run, would do): the import command prints it."""

import sys
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Change:
    label: str  # "Llama 3.2 1B Instruct at Fireworks AI"
    field: str
    old: object
    new: object


@dataclass
class Report:
    source: str
    entries: int = 0
    skipped: Counter = field(default_factory=Counter)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    created_labels: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    kept_curated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    rounded: int = 0
    ignored_fields: Counter = field(default_factory=Counter)
    facts_written: int = 0
    disagreements: int = 0
    dry_run: bool = False
    # The publish rule (importers/publishing.py) over every model imports created, after this import.
    published: int = 0
    waiting: int = 0
    queue: Counter = field(default_factory=Counter)  # why they wait: reason -> models

    @property
    def changed(self) -> bool:
        """Did the catalog change? What sources said is kept apart (SourceFact) and is no change by itself: a
        first import of a file that says what the catalog already holds changes nothing."""
        return bool(self.created or self.changes)


def tty_progress(stream=sys.stderr):
    """A progress line on a terminal; nothing when output goes to a file or a pipe."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        stream.write(f"\r  {done:,}/{total:,} entries")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
