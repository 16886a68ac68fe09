"""A target's baseline period becomes a period: every stored value is rewritten as the
kernel's canonical label ("2006-07" → "2006/07"; "2006/7" → "2006/07", an unambiguous
short year). A value that is not a period at all is printed here, cleared, and kept in
the version's notes with a line saying so, so the target page shows it and the next edit
asks for the period (a baseline value needs one)."""

from django.db import migrations

import localperf.web.periods

FLAG = "Baseline period as it was typed, not a period, cleared on migration: '{}'."


def baseline_periods_normalise(apps, schema_editor) -> None:
    TargetVersion = apps.get_model("agreements", "TargetVersion")
    unread = []
    for version in TargetVersion.objects.exclude(baseline_period="").order_by("pk"):
        typed = version.baseline_period
        canonical = localperf.web.periods.period_label_repair(typed)
        if canonical == typed:
            continue
        if not canonical:
            unread.append((version.pk, version.target_id, typed))
            version.notes = "\n".join(filter(None, [version.notes, FLAG.format(typed)]))
        version.baseline_period = canonical
        version.save(update_fields=["baseline_period", "notes"])
    for pk, target_id, typed in unread:
        print(f"\n  target {target_id} version {pk}: baseline period {typed!r} is not a period")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicaltargetversion",
            name="baseline_period",
            field=localperf.web.periods.PeriodField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name="targetversion",
            name="baseline_period",
            field=localperf.web.periods.PeriodField(blank=True, max_length=40),
        ),
        migrations.RunPython(baseline_periods_normalise, migrations.RunPython.noop, elidable=True),
    ]
