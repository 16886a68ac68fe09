"""Each import batch records its way in (file, entry grid, API, correction) for the
collect-once ledger (rule M6). Batches made before the field are told apart by what
their services wrote: the file format, and the name a correction's batch is given."""

from django.db import migrations, models


def way_in_backfill(apps, schema_editor) -> None:
    batches = apps.get_model("observations", "ImportBatch").objects
    batches.filter(file_format="json").update(way_in="api")
    forms = batches.filter(file_format="form")
    forms.filter(file_name__startswith="correction of").update(way_in="correction")
    forms.exclude(file_name__startswith="correction of").update(way_in="grid")


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0005_figures_by_right"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="way_in",
            field=models.CharField(
                choices=[
                    ("file", "File import"),
                    ("grid", "Entry grid"),
                    ("api", "API"),
                    ("correction", "Correction"),
                ],
                default="file",
                help_text="How the figures arrived.",
                max_length=12,
                verbose_name="way in",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(way_in_backfill, migrations.RunPython.noop),
    ]
