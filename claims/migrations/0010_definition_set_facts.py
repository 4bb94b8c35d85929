"""The words for the facts (claims.definitions.wording): a vocabulary on each definition
set, filled for the shipped sets from their files."""

import json

from django.db import migrations, models

from claims.definitions.io import DATA_DIR, SHIPPED


def load_vocabularies(apps, schema_editor):
    DefinitionSet = apps.get_model("claims", "DefinitionSet")
    for name in SHIPPED:
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        DefinitionSet.objects.filter(code=data["code"]).update(facts=data.get("facts", {}))


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_document_not_provided")]

    operations = [
        migrations.AddField(
            model_name="definitionset",
            name="facts",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "Each fact's label, and its choices' labels, in Chinese and English: how "
                    "pages say what the investigator found (claims.definitions.wording)."
                ),
                verbose_name="words for the facts",
            ),
        ),
        migrations.RunPython(load_vocabularies, migrations.RunPython.noop),
    ]
