"""The structure of the dataflow ``LOCALPERF:NIS_OBS(1.0.0)`` as an SDMX-ML 2.1 structure
message (rule M6, docs/SDMX.md): the data structure definition (its dimensions, measure
and attributes, their concepts) and the code lists of every coded component, built from
the catalogue (measures), the places (areas and population groups) and the codes
``sdmx`` writes. A statistical system reads the SDMX-CSV export against it without
asking us what a code means.

The components are those ``sdmx.EXPORT_COLUMNS`` writes (one truth: a column the export
gains and the structure lacks fails ``tests/observations/test_sdmx_structure.py``).
``COMPONENTS`` below adds only what SDMX needs to say about each: its name, its code list
or its text format.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.http import HttpResponse

from localperf.indicators.models import Measure
from localperf.observations.importing.sdmx import (
    AGENCY,
    DATAFLOW,
    STATUS_CODES,
    TOTAL,
    VERSION,
    group_code_sdmx,
    measure_code_sdmx,
)
from localperf.places.models import Area, PopulationDimension, PopulationGroup
from localperf.web import clock

MEDIA_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
NS = {
    "mes": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
    "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DSD = f"DSD_{DATAFLOW}"
CONCEPT_SCHEME = f"CS_{DATAFLOW}"
FLAGS = {"Y": "Yes", "N": "No"}
STATUS_NAMES = {"A": "Normal value (final)", "P": "Provisional value"}


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    role: str  # "dimension", "time", "measure" or "attribute"
    codelist: str = ""  # coded: its code list's id
    text_type: str = "String"  # uncoded: its SDMX text type


COMPONENTS = (
    Component("INDICATOR", "Indicator or measure (National Indicator Set, local)",
              "dimension", "CL_NIS_MEASURE"),
    Component("REF_AREA", "Reference area (ONS GSS code)", "dimension", "CL_AREA"),
    Component("POP_GROUP", "Breakdown: population group, _T for the whole population",
              "dimension", "CL_POP_GROUP"),
    Component("TIME_PERIOD", "Time period (a time range: first day and length)", "time",
              text_type="ObservationalTimePeriod"),
    Component("OBS_VALUE", "Observation value, in the measure's unit", "measure",
              text_type="Double"),
    Component("OBS_STATUS", "Observation status", "attribute", "CL_OBS_STATUS"),
    Component("UNIT_MEASURE", "Unit of measure, in words", "attribute"),
    Component("CI_LOWER", "Lower bound of the 95% confidence interval", "attribute",
              text_type="Double"),
    Component("CI_UPPER", "Upper bound of the 95% confidence interval", "attribute",
              text_type="Double"),
    Component("NUMERATOR", "Numerator of a rate or proportion", "attribute",
              text_type="Double"),
    Component("DENOMINATOR", "Denominator of a rate or proportion", "attribute",
              text_type="Double"),
    Component("SAMPLE_SIZE", "Sample size of a survey figure", "attribute",
              text_type="Integer"),
    Component("COMMENT_OBS", "Note on the figure (up to 2,000 characters)", "attribute"),
    Component("RELEASED", "Public: final, or provisional and released", "attribute",
              "CL_FLAG"),
    Component("CORRECTED", "The figure corrects an earlier one", "attribute", "CL_FLAG"),
)  # fmt: skip
CODELIST_NAMES = {
    "CL_NIS_MEASURE": "Measures of the National Indicator Set and local indicators",
    "CL_AREA": "Areas (ONS GSS codes)",
    "CL_POP_GROUP": "Population groups",
    "CL_OBS_STATUS": "Observation status",
    "CL_FLAG": "Yes or no",
}

CodeLists = dict[str, list[tuple[str, str]]]  # code list id → [(code, name)]


def structure_code_lists() -> CodeLists:
    """Every code list of the structure, its codes as the SDMX-CSV export writes them:
    every measure of the catalogue, every area, every population group."""
    measures = Measure.objects.select_related("indicator").order_by(
        "indicator__kind", "indicator__number", "indicator__code", "part"
    )
    groups = PopulationGroup.objects.order_by("dimension", "code")
    return {
        "CL_NIS_MEASURE": _unique(
            (measure_code_sdmx(f"{m.indicator.code}{m.part}"), m.title) for m in measures
        ),
        "CL_AREA": list(Area.objects.order_by("code").values_list("code", "name")),
        "CL_POP_GROUP": _unique(
            (TOTAL, "Total: the whole population")
            if g.dimension == PopulationDimension.ALL
            else (
                group_code_sdmx(f"{g.dimension}:{g.code}"),
                f"{g.get_dimension_display()}: {g.label}",
            )
            for g in groups
        ),
        "CL_OBS_STATUS": [(code, STATUS_NAMES[code]) for code in STATUS_CODES],
        "CL_FLAG": list(FLAGS.items()),
    }


def _unique(codes) -> list[tuple[str, str]]:
    """The codes without repeats, the first name kept (an SDMX code list holds each id
    once)."""
    seen: dict[str, str] = {}
    for code, name in codes:
        seen.setdefault(code, name)
    return list(seen.items())


def structure_message(code_lists: CodeLists, *, prepared: datetime.datetime) -> bytes:
    """The SDMX-ML 2.1 structure message: the dataflow, its code lists, its concepts and
    its data structure definition.

    >>> lists = {"CL_NIS_MEASURE": [("NI_195a", "Litter")], "CL_AREA": [("E06000001", "H")],
    ...          "CL_POP_GROUP": [("_T", "Total")], "CL_OBS_STATUS": [("A", "Final")],
    ...          "CL_FLAG": [("Y", "Yes"), ("N", "No")]}
    >>> xml = structure_message(lists, prepared=datetime.datetime(2009, 11, 30))
    >>> root = ET.fromstring(xml)
    >>> [c.get("id") for c in root.iter(f"{{{NS['str']}}}Code")][:3]
    ['NI_195a', 'E06000001', '_T']
    >>> [d.get("id") for d in root.iter(f"{{{NS['str']}}}Dimension")]
    ['INDICATOR', 'REF_AREA', 'POP_GROUP']
    """
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(_q("mes", "Structure"))
    header = ET.SubElement(root, _q("mes", "Header"))
    _text(header, "mes", "ID", f"{DATAFLOW}_STRUCTURE")
    _text(header, "mes", "Test", "false")
    _text(header, "mes", "Prepared", prepared.replace(microsecond=0).isoformat())
    ET.SubElement(header, _q("mes", "Sender"), id=AGENCY)
    structures = ET.SubElement(root, _q("mes", "Structures"))
    # The order of SDMX-ML 2.1's StructuresType: dataflows, code lists, concepts, DSDs.
    flows = ET.SubElement(structures, _q("str", "Dataflows"))
    flow = _maintainable(flows, "Dataflow", DATAFLOW, "Figures of the National Indicator Set")
    _ref(ET.SubElement(flow, _q("str", "Structure")), DSD, "datastructure", "DataStructure")
    codelists = ET.SubElement(structures, _q("str", "Codelists"))
    for list_id, codes in code_lists.items():
        codelist = _maintainable(codelists, "Codelist", list_id, CODELIST_NAMES[list_id])
        for code, name in codes:
            _name(ET.SubElement(codelist, _q("str", "Code"), id=code), name or code)
    concepts = ET.SubElement(structures, _q("str", "Concepts"))
    scheme = _maintainable(concepts, "ConceptScheme", CONCEPT_SCHEME, "Concepts of NIS_OBS")
    for component in COMPONENTS:
        _name(ET.SubElement(scheme, _q("str", "Concept"), id=component.id), component.name)
    dsds = ET.SubElement(structures, _q("str", "DataStructures"))
    dsd = _maintainable(dsds, "DataStructure", DSD, "Figures by measure, area, group and period")
    _components(ET.SubElement(dsd, _q("str", "DataStructureComponents")))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def sdmx_structure_response() -> HttpResponse:
    """The structure message as the open-data page and the API serve it."""
    content = structure_message(structure_code_lists(), prepared=clock.now())
    response = HttpResponse(content, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = 'inline; filename="localperf-nis-obs-structure.xml"'
    return response


def _components(parent: ET.Element) -> None:
    dimensions = ET.SubElement(parent, _q("str", "DimensionList"), id="DimensionDescriptor")
    attributes = ET.SubElement(parent, _q("str", "AttributeList"), id="AttributeDescriptor")
    measures = ET.SubElement(parent, _q("str", "MeasureList"), id="MeasureDescriptor")
    # SDMX puts the time dimension last among the dimensions.
    ordered = sorted(COMPONENTS, key=lambda c: c.role == "time")
    position = 0
    for component in ordered:
        if component.role in {"dimension", "time"}:
            position += 1
            tag = "Dimension" if component.role == "dimension" else "TimeDimension"
            element = ET.SubElement(
                dimensions, _q("str", tag), id=component.id, position=str(position)
            )
        elif component.role == "measure":
            element = ET.SubElement(measures, _q("str", "PrimaryMeasure"), id=component.id)
        else:
            element = ET.SubElement(
                attributes, _q("str", "Attribute"), id=component.id, assignmentStatus="Conditional"
            )
        _concept_and_representation(element, component)
        if component.role == "attribute":
            relation = ET.SubElement(element, _q("str", "AttributeRelationship"))
            _ref(ET.SubElement(relation, _q("str", "PrimaryMeasure")), "OBS_VALUE")


def _concept_and_representation(element: ET.Element, component: Component) -> None:
    identity = ET.SubElement(element, _q("str", "ConceptIdentity"))
    ET.SubElement(identity, "Ref", id=component.id, maintainableParentID=CONCEPT_SCHEME,
                  maintainableParentVersion=VERSION, agencyID=AGENCY, package="conceptscheme",
                  **{"class": "Concept"})  # fmt: skip
    representation = ET.SubElement(element, _q("str", "LocalRepresentation"))
    if component.codelist:
        enumeration = ET.SubElement(representation, _q("str", "Enumeration"))
        _ref(enumeration, component.codelist, "codelist", "Codelist")
    else:
        ET.SubElement(representation, _q("str", "TextFormat"), textType=component.text_type)


def _maintainable(parent: ET.Element, tag: str, id_: str, name: str) -> ET.Element:
    element = ET.SubElement(
        parent, _q("str", tag), id=id_, agencyID=AGENCY, version=VERSION, isFinal="true"
    )
    _name(element, name)
    return element


def _ref(parent: ET.Element, id_: str, package: str = "", class_: str = "") -> None:
    """A reference: to a maintainable artefact (with its agency and version), or, with no
    package, to a component of the same structure."""
    if not package:
        ET.SubElement(parent, "Ref", id=id_)
        return
    ET.SubElement(parent, "Ref", id=id_, agencyID=AGENCY, version=VERSION, package=package,
                  **{"class": class_})  # fmt: skip


def _name(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, _q("com", "Name"), {XML_LANG: "en"}).text = text


def _text(parent: ET.Element, prefix: str, tag: str, text: str) -> None:
    ET.SubElement(parent, _q(prefix, tag)).text = text


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"
