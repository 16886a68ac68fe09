"""A NUL character in a JSON body is refused, never stored and never a 500 (issue 11).

PostgreSQL text cannot hold NUL, so a title, comment or reason holding one failed on the
first write. Every API operation that takes a body is read from the OpenAPI schema, and
each of its text fields in turn is sent holding a NUL: the answer is a 400 or 422, with
the field named; nothing is written. Run on PostgreSQL too (DATABASE_URL).
"""

import json

import pytest

from localperf.api import api
from localperf.observations.models import ImportBatch, Observation

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]
NUL_TEXT = "a\x00b"
FIGURE = {"measure": "NI 157a", "area": "E06000001", "period": "2008/09", "value": 75.5}


def submit(client, body: dict):
    return client.post("/api/v1/observations", json.dumps(body), content_type="application/json")


def resolved(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:  # "str | None": the text branch
        branches = [resolved(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return branches[0]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return resolved(schema["allOf"][0])
    return schema


def example(schema: dict):
    """A plain value of the schema's shape: text "x", numbers 1, one item a list."""
    schema = resolved(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(sub) for name, sub in properties.items()}
    if kind == "array":
        return [example(schema.get("items", {"type": "string"}))]
    if kind in {"integer", "number"}:
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2009-01-01"
    return "x"


def text_leaves(value, path=()):
    """The path of every text value in an example body."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path


def with_nul(body, path):
    if not path:
        return NUL_TEXT
    head, *rest = path
    copy = list(body) if isinstance(body, list) else dict(body)
    copy[head] = with_nul(body[head], tuple(rest))
    return copy


def path_value(parameter: dict):
    return 1 if resolved(parameter.get("schema", {})).get("type") == "integer" else "x"


def cases():
    for route, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            if method not in {"post", "put", "patch"}:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            url = route
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    url = url.replace(f"{{{parameter['name']}}}", str(path_value(parameter)))
            body = example(content["application/json"]["schema"])
            for leaf in text_leaves(body):
                name = ".".join(str(part) for part in leaf)
                yield pytest.param(method, url, with_nul(body, leaf), leaf, id=f"{route}:{name}")


CASES = list(cases())


def test_every_operation_with_a_text_body_is_tried():
    routes = {case.values[1] for case in CASES}
    assert len(routes) >= 15, routes  # agreements, revisions, targets, reports, reviews…
    assert any(route.endswith("/observations") for route in routes)


@pytest.fixture
def administrator(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


# The observations submission checks its rows as a file import does, and reports each
# refused cell by row and column (a NUL among them); its free-text reason is stored with
# NUL shown as U+FFFD, as a file's name and reason are (tests below).
SCRUBBED = {"/api/v1/observations"}


def named_fields(answer: dict) -> set[str]:
    fields = {e["field"] or "" for e in answer.get("errors", [])}
    fields |= {p["column"] for p in answer.get("problems", [])}
    return {part for field in fields for part in field.split(".")}


@pytest.mark.parametrize(("method", "url", "body", "leaf"), CASES)
def test_a_nul_in_any_text_field_is_refused_naming_it(
    client, administrator, method, url, body, leaf
):
    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    assert response.status_code < 500, response.content.decode()[:500]
    if url in SCRUBBED and leaf[0] != "observations":
        return  # the reason is scrubbed, not refused
    assert response.status_code in {400, 422}, response.content.decode()[:500]
    names = {str(part) for part in leaf if isinstance(part, str)}
    assert names & named_fields(response.json()), response.json()


def test_a_nul_in_a_figure_is_refused_by_row_and_column(client, administrator):
    # rule M6: nothing is saved; the cell is named
    figure = {**FIGURE, "note": "checked\x00"}
    response = submit(client, {"observations": [figure]})
    assert response.status_code == 422
    assert [(p["row"], p["column"]) for p in response.json()["problems"]] == [(1, "note")]
    assert not Observation.objects.exists()


def test_a_nul_in_a_submission_s_reason_is_stored_as_a_replacement_character(client, administrator):
    response = submit(client, {"observations": [FIGURE], "reason": "revised\x00"})
    assert response.status_code == 200, response.content.decode()[:500]
    assert ImportBatch.objects.get().reason == "revised\ufffd"
