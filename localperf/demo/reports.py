"""The demo's six-monthly progress reports (rule M1), so that the report cycle shows at
every step as at 30 November 2009:

- **Kent, 2009/10 H1: returned.** Kim Kent commented on a few targets and submitted it
  on 30 October 2009; GO South East commented on two targets and returned it on
  16 November, asking for the recovery plans of the targets off track. Kim answers and
  submits it again; Lou accepts or returns it.
- **Manchester, 2009/10 H1: submitted** on 13 November 2009, waiting for GO North West
  (Nora) to comment, accept or return it.

Made through the ordinary services, each step on its day (``LOCALPERF_AS_AT``, the
site's clock, for the step only), so the history reads as the partnership lived it.
Idempotent: an agreement that already has a report on 2009/10 H1 is left alone.
"""

from __future__ import annotations

from django.test import override_settings

from localperf.accounts.models import User
from localperf.agreements.models import Agreement
from localperf.reports import services
from localperf.reports.content import report_live_content
from localperf.reports.models import ProgressReport
from localperf.reports.summary import rating_of, targets_of

HALF_YEAR = "2009/10 H1"
KENT, MANCHESTER = "E10000016", "E08000003"
PROGRESS = {
    "green": "On profile: the partnership keeps the current plan and reviews it quarterly.",
    "amber": "Slightly behind profile: the lead partner has agreed extra capacity for the "
    "second half-year and reports monthly to the theme board.",
}
RETURN_REASON = (
    "Thank you for the report. Several targets are off track with no comment on how the "
    "partnership will recover them: add a recovery plan for each, with the lead partner "
    "and dates, and submit the report again by 30 November."
)


def _on(day: str):
    """The site's clock on ``day`` for one step: what the step records as its date."""
    return override_settings(LOCALPERF_AS_AT=day)


def _report(area: str, pm: str, *, commented: int, submitted_on: str) -> ProgressReport | None:
    agreement = Agreement.objects.filter(area__code=area).first()
    if agreement is None or agreement.progress_reports.filter(period_label=HALF_YEAR).exists():
        return None
    user = User.objects.get(username=pm)
    with _on("2009-10-12"):
        report = services.report_create(user=user, agreement=agreement, period_label=HALF_YEAR)
    with _on(submitted_on):
        targets = {t.pk: t for t in agreement.targets.all()}
        content = report_live_content(report)
        rated = [t for t in targets_of(content) if rating_of(t).value in PROGRESS]
        for item in rated[:commented]:
            services.report_comment_record(
                user=user,
                report=report,
                target=targets[item["id"]],
                progress=PROGRESS[rating_of(item).value],
                evidence="Quarterly performance report to the partnership board.",
            )
        services.report_submit(user=user, report=report)
    return report


def demo_reports_load() -> int:
    """The demo's reports (see the module); how many were made."""
    made = 0
    kent = _report(KENT, "demo-pm-kent", commented=3, submitted_on="2009-10-30")
    if kent is not None:
        made += 1
        go = User.objects.get(username="demo-go-lm-south-east")
        red = [t for t in targets_of(report_live_content(kent)) if rating_of(t).value == "red"][:2]
        targets = {t.pk: t for t in kent.agreement.targets.all()}
        with _on("2009-11-16"):
            for item in red:
                services.report_go_comment_record(
                    user=go,
                    report=kent,
                    target=targets[item["id"]],
                    comment=f"{item['code']} is off track: what will the partnership do, "
                    "and by when?",
                )
            services.report_return(user=go, report=kent, reason=RETURN_REASON)
    manchester = _report(MANCHESTER, "demo-pm-manchester", commented=5, submitted_on="2009-11-13")
    return made + (manchester is not None)
