"""The data revision's table; reading it (the memo, the one-query lookups) is catalog/revisions.py."""

from django.db import models

from ..revisions import FactsRevisionQuerySet
from .facts import LanguageModel


class FactsRevision(models.Model):
    """The data revision: a value that changes whenever a fact a public page shows changes.

    One row per LanguageModel (`model_id` = its primary key), one catalog-wide row (`model_id` = 0) and
    one any-change row (`model_id` = -1).
    Database triggers (migration 0008, for SQLite and PostgreSQL; 0011 puts SQLite's back after a table
    rebuild) write these rows, never Python code, so that nothing escapes them: admin saves, imports,
    `QuerySet.update()`, `bulk_create()`, `bulk_update()`, deletes and raw SQL alike. The rule the
    triggers implement:

    - a change to a model's row, its offerings, its benchmark scores, or its pair notes and their questions
      bumps that model's row (both models' rows for a pair note);
    - a change to a Vendor, Provider or Benchmark bumps the rows of the models it touches (the vendor's
      models, the models offered by the provider, the models scored on the benchmark);
    - the catalog-wide row is bumped by anything that shows up in other pages' links and lists: a model
      added or deleted, or its name, slug, published flag, vendor, purpose, parameter count or release date
      changed; an offering added, deleted, moved or (de)activated (provider counts order "related" lists);
      a pair note added, deleted or moved (home page); any change to a vendor or provider;
    - the any-change row is bumped by every change at all (the directory, which shows every model, is
      keyed on it).

    A bump writes a value never used before for that row (PostgreSQL: `nextval` of a sequence, which is not
    rolled back; SQLite: a random 40-bit number), and `changed_at` (for Last-Modified). Cache keys carry
    these values, so a change makes new keys in every worker and on every machine at once, with no
    invalidation to send. The value is deliberately not a column of LanguageModel: a stale admin form
    saved later would write an old value back. Rows of deleted models stay (their bump is what evicts
    pages that listed them). A missing row (a fresh table, a TRUNCATE) reads as revision None.
    Reading the rows (one query, or none: the per-worker memo) is catalog/revisions.py.
    """

    CATALOG = 0
    ANY_CHANGE = -1

    # The model's primary key, or CATALOG or ANY_CHANGE: no database constraint, so those two rows and
    # the rows of deleted models can exist.
    model = models.OneToOneField(
        LanguageModel, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
        related_name="facts_revision",
    )
    revision = models.BigIntegerField()
    changed_at = models.DateTimeField()
    # The model's slug while it is published, else NULL (kept by the triggers): the lookup every page
    # view makes is then one indexed read of this table.
    # NULL, not "": the triggers write it, and NULL is what "no published model" reads as in SQL.
    slug = models.CharField(max_length=150, null=True, blank=True, editable=False, db_index=True)  # noqa: DJ001

    objects = FactsRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["model_id"]

    def __str__(self) -> str:
        scopes = {self.CATALOG: "catalog", self.ANY_CHANGE: "any change"}
        scope = scopes.get(self.model_id, f"model {self.model_id}")
        return f"{scope}: revision {self.revision}"
