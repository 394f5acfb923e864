"""Inputs no source stated become unknown again.

Until issue 16 the LiteLLM importer wrote "text only" as a model's inputs whenever an entry had no
supports_vision/audio/pdf flag: LiteLLM never lists inputs, so that "text" was invented, and 500 cells read
Multimodality "No" where Vision was "Not yet sourced". Those facts are deleted; a model whose inputs are
exactly ["text"], that no editor set and that no other source's fact still says is text-only, gets its
inputs back to unknown ([]). The next import fills them from what the sources state. History rows record it.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Inputs no source stated: unknown (LiteLLM never lists inputs)"


def forget_invented_inputs(apps, schema_editor):
    SourceFact = apps.get_model("catalog", "SourceFact")
    LanguageModel = apps.get_model("catalog", "LanguageModel")
    HistoricalLanguageModel = apps.get_model("catalog", "HistoricalLanguageModel")
    SourceFact.objects.filter(source="litellm", field="input_modalities", value="text").delete()
    stated = set(
        SourceFact.objects.filter(field="input_modalities").values_list("model_id", flat=True).distinct()
    )
    for model in LanguageModel.objects.all().iterator():
        if model.input_modalities != ["text"] or "input_modalities" in (model.curated_fields or []):
            continue
        if model.pk in stated:
            continue
        model.input_modalities = []
        model.save(update_fields=["input_modalities"])
        # The history row simple-history would write for this save (apps models have no signals).
        fields = {f.attname: getattr(model, f.attname) for f in LanguageModel._meta.concrete_fields}
        HistoricalLanguageModel.objects.create(
            **fields, history_type="~", history_change_reason=REASON,
            history_date=timezone.now(),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0016_vendoralias_editor_permissions"),
    ]

    operations = [
        migrations.RunPython(forget_invented_inputs, migrations.RunPython.noop),
    ]
