"""A release's business day (``released_on``, the site's clock) beside its machine moment
(``released_at``). Releases made before this carry their machine date."""

from django.db import migrations, models


def from_released_at(apps, schema_editor):
    Release = apps.get_model("observations", "Release")
    for release in Release.objects.only("pk", "released_at"):
        Release.objects.filter(pk=release.pk).update(released_on=release.released_at.date())


class Migration(migrations.Migration):
    dependencies = [("observations", "0005_figures_by_right")]

    operations = [
        migrations.AddField(
            model_name="release",
            name="released_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(from_released_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="release",
            name="released_on",
            field=models.DateField(
                help_text="The day of the release on the site's clock (the as-at day in the demo)."
            ),
        ),
    ]
