"""Migration 0017: inputs LiteLLM never stated ("text only", written when an entry had no flag) become
unknown again, unless an editor set them or another source states them; the history says why."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalog", "0016_vendoralias_editor_permissions")]
AFTER = [("catalog", "0017_unstated_text_only_inputs")]


@pytest.mark.django_db(transaction=True)
def test_invented_text_only_inputs_become_unknown():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Vendor = apps.get_model("catalog", "Vendor")
    LanguageModel = apps.get_model("catalog", "LanguageModel")
    SourceFact = apps.get_model("catalog", "SourceFact")
    vendor = Vendor.objects.create(name="Meta", slug="meta")

    def model(name, **fields):
        return LanguageModel.objects.create(vendor=vendor, name=name, slug=name.lower(), **fields)

    invented = model("Invented", input_modalities=["text"])
    curated = model("Curated", input_modalities=["text"], curated_fields=["input_modalities"])
    stated = model("Stated", input_modalities=["text"])
    model("Vision", input_modalities=["text", "image"])
    said = ((invented, "litellm"), (curated, "litellm"), (stated, "litellm"), (stated, "modelsdev"))
    for m, source in said:
        SourceFact.objects.create(subject=f"model:{m.pk}", model=m, field="input_modalities", source=source,
                                  origin=f"{source}/{m.name}", value="text")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from catalog.models import LanguageModel as Current
    from catalog.models import SourceFact as CurrentFact

    inputs = dict(Current.objects.values_list("name", "input_modalities"))
    assert inputs == {"Invented": [], "Curated": ["text"], "Stated": ["text"], "Vision": ["text", "image"]}
    assert not CurrentFact.objects.filter(source="litellm", field="input_modalities", value="text").exists()
    assert CurrentFact.objects.filter(source="modelsdev", model__name="Stated").exists()
    history = Current.objects.get(name="Invented").history
    reasons = list(history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "Inputs no source stated: unknown (LiteLLM never lists inputs)"
    assert Current.objects.get(name="Invented").multimodal == "unknown"
