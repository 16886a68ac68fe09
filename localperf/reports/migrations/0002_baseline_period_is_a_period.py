"""An annual review's confirmed baseline period becomes a period: each stored value is
rewritten as the kernel's canonical label where it can be read without guessing
("2008-09", "2008/9" → "2008/09"). A value that is not a period is printed here and left
as it was typed, so the review still says what the Government Office wrote; the form
refuses it the next time the finding is saved, with the accepted forms."""

from django.db import migrations

import localperf.web.periods


def baseline_periods_normalise(apps, schema_editor) -> None:
    Finding = apps.get_model("reports", "AnnualReviewTarget")
    for finding in Finding.objects.exclude(baseline_period="").order_by("pk"):
        typed = finding.baseline_period
        canonical = localperf.web.periods.period_label_repair(typed)
        if not canonical:
            print(
                f"\n  annual review {finding.review_id}, target {finding.target_id}: "
                f"baseline period {typed!r} is not a period; left as typed"
            )
        elif canonical != typed:
            finding.baseline_period = canonical
            finding.save(update_fields=["baseline_period"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualreviewtarget",
            name="baseline_period",
            field=localperf.web.periods.PeriodField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name="historicalannualreviewtarget",
            name="baseline_period",
            field=localperf.web.periods.PeriodField(blank=True, max_length=40),
        ),
        migrations.RunPython(baseline_periods_normalise, migrations.RunPython.noop, elidable=True),
    ]
