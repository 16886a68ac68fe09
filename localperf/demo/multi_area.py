"""Three Multi Area Agreements beside the demo LAAs (rules X1, X2): Greater Manchester
(the ten metropolitan boroughs; Manchester's own LAA targets on worklessness and
enterprise linked, not copied), Tees Valley (the five unitary councils) and South
Yorkshire (the four metropolitan boroughs), each with contributing partners and targets
of the three kinds; the first two with figures for every member's area, so that every
status shows on the MAA's dashboard.

Greater Manchester is signed by every party, approved and in force; Tees Valley is
submitted and still waiting for two signatures, so that the Regional Director's
recommendation is refused until they sign (X1); South Yorkshire is still a draft, half
signed, so that its responsible performance manager can change its parties and targets.
Built through the same services as the pages; figures through the ordinary import, as
one file, once. The statutory date on Greater Manchester is illustrative (the earliest
the 2009 Act allowed), and so is South Yorkshire's being a draft in late 2009.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from localperf.accounts.models import Role, User
from localperf.agreements import services
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import (
    Agreement,
    AgreementKind,
    LaaTheme,
    MemberStanding,
    Target,
    TargetCategory,
)
from localperf.calculations.rates import rate_scale
from localperf.indicators.models import Indicator, IndicatorKind, Measure
from localperf.observations.importing.services import observation_import
from localperf.observations.models import ImportBatch, ImportStatus
from localperf.organisations.models import Organisation, OrganisationKind
from localperf.places.models import Area

PASSWORD = "localperf-demo-2008"  # the demo's one published password (README)
FILE_NAME = "demo-maa-observations.csv"
SIGNED_ON = datetime.date(2008, 7, 3)
ECONOMY = LaaTheme.ECONOMIC_DEVELOPMENT

GREATER_MANCHESTER = {
    "title": "Greater Manchester Multi Area Agreement",
    "responsible": "manchester-city-council",
    "councils": [
        "bolton-metropolitan-borough-council",
        "bury-metropolitan-borough-council",
        "oldham-metropolitan-borough-council",
        "rochdale-metropolitan-borough-council",
        "salford-city-council",
        "stockport-metropolitan-borough-council",
        "tameside-metropolitan-borough-council",
        "trafford-metropolitan-borough-council",
        "wigan-metropolitan-borough-council",
    ],
    "partners": ["demo-nwda", "demo-lsc-greater-manchester", "demo-jcp-greater-manchester"],
    "statutory_from": datetime.date(2010, 1, 12),
    "linked": ["NI 151", "NI 152", "NI 153", "NI 171"],
}
TEES_VALLEY = {
    "title": "Tees Valley Multi Area Agreement",
    "responsible": "stockton-on-tees-borough-council",
    "councils": [
        "darlington-borough-council",
        "hartlepool-borough-council",
        "middlesbrough-borough-council",
        "redcar-and-cleveland-borough-council",
    ],
    "partners": ["demo-one-northeast", "demo-tees-valley-unlimited"],
    "statutory_from": None,
    "linked": [],
    # Still to sign, so the Regional Director's recommendation waits (rule X1).
    "unsigned": ["hartlepool-borough-council", "demo-tees-valley-unlimited"],
}
SOUTH_YORKSHIRE = {
    "title": "South Yorkshire Multi Area Agreement",
    "responsible": "sheffield-city-council",
    "councils": [
        "barnsley-metropolitan-borough-council",
        "doncaster-metropolitan-borough-council",
        "rotherham-metropolitan-borough-council",
    ],
    "partners": ["demo-yorkshire-forward", "demo-sypte"],
    "statutory_from": None,
    "linked": [],
    "unsigned": [
        "barnsley-metropolitan-borough-council",
        "doncaster-metropolitan-borough-council",
        "demo-sypte",
    ],
    # Still being drawn up: not submitted, so its parties and targets may still change.
    "draft": True,
    "created_on": datetime.date(2009, 9, 14),
    "signed_on": datetime.date(2009, 10, 19),
}
PARTNERS = [
    ("demo-nwda", "Northwest Regional Development Agency", "regional_development_agency",
     "E08000003"),
    ("demo-lsc-greater-manchester", "Learning and Skills Council Greater Manchester",
     "learning_and_skills_council", "E08000003"),
    ("demo-jcp-greater-manchester", "Jobcentre Plus Greater Manchester", "jobcentre_plus",
     "E08000003"),
    ("demo-one-northeast", "One NorthEast (regional development agency)",
     "regional_development_agency", "E06000004"),
    ("demo-tees-valley-unlimited", "Tees Valley Unlimited", "business", "E06000004"),
    ("demo-yorkshire-forward", "Yorkshire Forward (regional development agency)",
     "regional_development_agency", "E08000019"),
    ("demo-sypte", "South Yorkshire Passenger Transport Executive", "transport_authority",
     "E08000019"),
]  # fmt: skip
USERS = [
    ("demo-pm-salford", Role.PERFORMANCE_MANAGER, "salford-city-council", "Sal", "Salford"),
    ("demo-pm-stockton", Role.PERFORMANCE_MANAGER, "stockton-on-tees-borough-council", "Sto",
     "Stockton-on-Tees"),
    ("demo-pm-hartlepool", Role.PERFORMANCE_MANAGER, "hartlepool-borough-council", "Har",
     "Hartlepool"),
    ("demo-partner-nwda", Role.PARTNER_OFFICER, "demo-nwda", "Nia", "NWDA"),
    ("demo-go-rd-north-east", Role.GO_REGIONAL_DIRECTOR, "go-north-east", "Ned", "GO North East"),
    ("demo-pm-sheffield", Role.PERFORMANCE_MANAGER, "sheffield-city-council", "Shé",
     "Sheffield"),
    ("demo-pm-doncaster", Role.PERFORMANCE_MANAGER, "doncaster-metropolitan-borough-council",
     "Don", "Doncaster"),
]  # fmt: skip
# (code, title, owner, unit): a percentage of residents, or GVA per head, which combines
# as Σ GVA / Σ population (each member's figure sent with its GVA in £ as numerator and
# its population as denominator).
LOCAL_INDICATORS = [
    ("GM-NVQ2", "Working-age residents of Greater Manchester qualified to NVQ level 2 or above",
     "manchester-city-council", "%"),
    ("GM-GVA", "Gross value added per head in Greater Manchester", "manchester-city-council",
     "£ per head"),
    ("TV-NVQ4", "Working-age residents of the Tees Valley qualified to NVQ level 4 or above",
     "stockton-on-tees-borough-council", "%"),
    ("SY-GVA", "Gross value added per head in South Yorkshire", "sheffield-city-council",
     "£ per head"),
]  # fmt: skip
# Indicators Manchester's own LAA does not hold, so that every member's figure is this
# file's. (indicator, baseline, trajectory, scope area codes, scenario):
# scenario: how the 2008/09 figure compares with the profile (on track, slightly behind,
# off track), or "missing" (no figure: overdue).
GM_TARGETS = [
    ("NI 172", "12.0", ("12.5", "13.0", "13.5"), (), "amber"),
    ("NI 146", "6.0", ("6.5", "7.0", "7.5"), ("E08000004", "E08000005", "E08000008"), "green"),
    ("NI 173", "0.60", ("0.58", "0.56", "0.54"), (), "red"),
    ("NI 176", "70.0", ("71.0", "72.0", "73.0"), (), "missing"),
    ("GM-NVQ2", "63.0", ("64.5", "66.0", "67.5"), (), "green"),
    ("GM-GVA", "16500", ("16900", "17300", "17700"), (), "amber"),
]
# Wigan sent its 2007/08 GVA per head as a figure alone, without its GVA and population:
# the MAA's 2007/08 figure cannot be combined, and the target's page says why.
WITHOUT_COUNTS = {("GM-GVA", "2007/08", "E08000010")}
TV_TARGETS = [
    ("NI 152", "17.5", ("17.0", "16.5", "16.0"), (), "red"),
    ("NI 117", "10.5", ("10.0", "9.5", "9.0"), ("E06000002", "E06000003"), "amber"),
    ("TV-NVQ4", "22.0", ("23.0", "24.0", "25.0"), (), "green"),
    ("NI 176", "68.0", ("69.0", "70.0", "71.0"), (), "missing"),
]
SY_TARGETS = [
    ("NI 171", "42.0", ("43.0", "44.5", "46.0"), (), "missing"),
    ("NI 152", "16.0", ("15.5", "15.0", "14.5"), ("E08000016", "E08000017"), "missing"),
    ("SY-GVA", "15200", ("15500", "15900", "16300"), (), "missing"),
]
# The 2008/09 figure's distance from the profile, worse by this fraction (as the LAAs').
SCENARIOS = {"green": -0.02, "amber": 0.03, "red": 0.12}


def multi_area_load() -> list[str]:
    """The three MAAs (idempotent: one already there is kept) and the figures of the two
    past their draft, once."""
    _partners_and_users()
    _local_indicators()
    created = []
    gm = _maa(GREATER_MANCHESTER, GM_TARGETS)
    tv = _maa(TEES_VALLEY, TV_TARGETS)
    sy = _maa(SOUTH_YORKSHIRE, SY_TARGETS)
    for agreement, is_new in (gm, tv, sy):
        if is_new:
            created.append(agreement.title)
    _figures([(gm[0], GM_TARGETS), (tv[0], TV_TARGETS)])
    return created


def _partners_and_users() -> None:
    for slug, name, kind, area in PARTNERS:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "area": Area.objects.get(code=area)},
        )
    password = make_password(PASSWORD)
    for username, role, organisation, first, last in USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.organisation = Organisation.objects.get(slug=organisation)
        user.first_name, user.last_name = first, f"{last} ({Role(role).label.lower()})"
        user.password = password
        user.save()


def _local_indicators() -> None:
    """Rule D9: skills levels, outside the NIS, measured with numerators and
    denominators, so that the MAA's figure combines its members' (rule X2)."""
    for code, title, owner, unit in LOCAL_INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "kind": IndicatorKind.LOCAL,
                "number": None,
                "title": title,
                "owner": Organisation.objects.get(slug=owner),
                "polarity": "higher",
                "unit": unit,
                "theme": "local_economy",
            },
        )
        if not indicator.measures.exists():
            Measure.objects.create(indicator=indicator, part="", title=indicator.title)


def _pm(slug: str) -> User:
    return User.objects.filter(role=Role.PERFORMANCE_MANAGER, organisation__slug=slug).first()


def _signer(member) -> User:
    """Who signs for a party: its performance manager, or one made for the purpose."""
    organisation = member.organisation
    existing = User.objects.filter(
        organisation=organisation, role__in=[Role.PERFORMANCE_MANAGER, Role.PARTNER_OFFICER]
    ).first()
    if existing:
        return existing
    role = (
        Role.PERFORMANCE_MANAGER
        if member.standing == MemberStanding.MEMBER_AUTHORITY
        else Role.PARTNER_OFFICER
    )
    user, _ = User.objects.get_or_create(
        username=f"demo-signatory-{organisation.slug}"[:150],
        defaults={"role": role, "organisation": organisation, "first_name": organisation.name},
    )
    return user


def _maa(spec: dict, targets: list) -> tuple[Agreement, bool]:
    existing = Agreement.objects.filter(kind=AgreementKind.MAA, title=spec["title"]).first()
    if existing is not None:
        return existing, False
    pm = _pm(spec["responsible"])
    members = [
        (Organisation.objects.get(slug=s), MemberStanding.MEMBER_AUTHORITY)
        for s in spec["councils"]
    ]
    members += [
        (Organisation.objects.get(slug=s), MemberStanding.CONTRIBUTING_PARTNER)
        for s in spec["partners"]
    ]
    members.append((Organisation.objects.get(slug=_go_for(pm)), MemberStanding.GOVERNMENT))
    on = spec.get("created_on", datetime.date(2008, 6, 2))
    maa = services.maa_create(
        user=pm, title=spec["title"], members=members, statutory_from=spec["statutory_from"], on=on
    )
    for code, baseline, trajectory, scope, _ in targets:
        services.target_add(
            user=pm, agreement=maa, data=_target(maa, code, baseline, trajectory, scope, spec)
        )
    laa = Agreement.objects.filter(
        kind=AgreementKind.LAA, responsible_authority=pm.organisation
    ).first()
    for code in spec["linked"]:
        target = Target.objects.get(
            agreement=laa, indicator__code=code, category=TargetCategory.DESIGNATED
        )
        services.maa_link_target(user=pm, agreement=maa, target=target, on=on)
    if not spec.get("draft"):
        services.agreement_submit(user=pm, agreement=maa, on=datetime.date(2008, 6, 20))
    unsigned = set(spec.get("unsigned", ()))
    for member in maa.maa_members.select_related("organisation"):
        if member.signs and member.organisation.slug not in unsigned:
            services.maa_sign(
                user=_signer(member), agreement=maa, on=spec.get("signed_on", SIGNED_ON)
            )
    if not unsigned:
        director = User.objects.get(username="demo-go-rd-north-west")
        approver = User.objects.get(username="demo-approver")
        services.agreement_recommend(user=director, agreement=maa, on=datetime.date(2008, 7, 7))
        services.agreement_approve(user=approver, agreement=maa, on=datetime.date(2008, 7, 14))
        services.agreement_bring_into_force(
            user=approver, agreement=maa, on=datetime.date(2008, 7, 15)
        )
    maa.refresh_from_db()
    return maa, True


def _go_for(pm: User) -> str:
    region = pm.organisation.area.region
    return (
        Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT_OFFICE, area=region).get().slug
    )


def _target(maa, code, baseline, trajectory, scope, spec) -> TargetInput:
    indicator = Indicator.objects.with_code(code).get()
    partner = Organisation.objects.get(slug=spec["partners"][0])
    return TargetInput(
        category=TargetCategory.LOCAL,
        indicator=indicator,
        theme=ECONOMY,
        title="",
        scope_areas=tuple(Area.objects.get(code=c) for c in scope),
        baseline_value=Decimal(baseline),
        baseline_period="2007/08",
        trajectory=dict(zip(maa.years, (Decimal(v) for v in trajectory), strict=True)),
        partners=(PartnerInput(partner, True),),
    )


COLUMNS = ("measure", "area", "period", "group", "value", "numerator", "denominator", "status")


def _figures(agreements: list[tuple[Agreement, list]]) -> None:
    """Each member's 2007/08 and 2008/09 figure with numerator and denominator, spread
    around the combined figure the scenario wants, so that the MAA's Σ numerators /
    Σ denominators × the unit's scale lands there (rule X2); none for a "missing"
    target, and the figure alone (no numerator, no denominator) for ``WITHOUT_COUNTS``."""
    if ImportBatch.objects.filter(file_name=FILE_NAME, status=ImportStatus.COMMITTED).exists():
        return
    rows = []
    for maa, targets in agreements:
        members = list(maa.area.members.order_by("code"))
        for code, baseline, trajectory, scope, scenario in targets:
            indicator = Indicator.objects.with_code(code).get()
            worse = 1 if indicator.polarity == "higher" else -1
            areas = [a for a in members if not scope or a.code in scope]
            if scenario == "missing":
                continue
            profile = float(trajectory[0])
            wanted = {
                "2007/08": float(baseline),
                "2008/09": profile * (1 - worse * SCENARIOS[scenario]),
            }
            measure = indicator.code
            # 100 for a percentage; 1 for GVA per head (GVA in £ over residents).
            scale = rate_scale(indicator.unit) or 100.0
            # Every member in the MAA: a part-area target shows the whole area beside it.
            for index, area in enumerate(members):
                denominator = (40000 if scale != 1 else 180000) + 7000 * index
                for label, rate in wanted.items():
                    spread = 1 + (0.04 if index % 2 else -0.04) * (1 if area in areas else 1.5)
                    numerator = round(rate * spread * denominator / scale)
                    alone = (code, label, area.code) in WITHOUT_COUNTS
                    rows.append(
                        {
                            "measure": measure,
                            "area": area.code,
                            "period": label,
                            "value": round(numerator / denominator * scale, 2),
                            "numerator": "" if alone else numerator,
                            "denominator": "" if alone else denominator,
                            "status": "final",
                        }
                    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    result = observation_import(
        file=buffer.getvalue().encode("utf-8"), user=None, dry_run=False, file_name=FILE_NAME
    )
    if result.status != ImportStatus.COMMITTED:
        raise RuntimeError(f"demo MAA figures refused: {result.message} {result.problems[:3]}")
