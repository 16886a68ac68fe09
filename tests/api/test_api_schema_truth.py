"""The schema tells the truth: every model has a name of its own (two models named alike
collapsed into one component, so an operation was documented with another's body), and
every operation documents the errors it can answer with."""

import types
import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from localperf.api import api

pytestmark = pytest.mark.django_db


def models_in(annotation) -> typing.Iterator[type[BaseModel]]:
    """The pydantic models an annotation names: ``list[X] | None`` → X."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from models_in(field.annotation)
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            yield from models_in(argument)


def operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_no_two_models_of_the_api_share_a_component_name():
    by_name: dict[str, set[type]] = defaultdict(set)
    for operation in operations():
        roots = list(operation.response_models.values()) + list(operation.models)
        for root in roots:
            for model in models_in(root):
                if model.__module__.startswith("localperf"):  # not ninja's wrappers
                    by_name[model.__name__].add(model)
    clashes = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in by_name.items()
        if len(models) > 1
    }
    assert not clashes


def body_of(schema: dict, path: str, method: str = "post") -> dict:
    content = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
    name = content["schema"]["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][name]


def test_the_under_performance_step_is_documented_with_its_own_body(client):
    # It was documented as a report step's {reason}: the two StepIn collapsed.
    schema = client.get("/api/v1/openapi.json").json()
    step = body_of(schema, "/api/v1/agreements/{agreement_id}/under-performance")
    assert {"step", "reason", "taken_on"} <= set(step["properties"])
    report_step = body_of(schema, "/api/v1/reports/{report_id}/submit")
    assert set(report_step["properties"]) == {"reason"}


def test_every_operation_documents_the_errors_it_can_give(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            answers = set(operation["responses"])
            where = f"{method.upper()} {path}"
            assert "400" in answers, where  # a NUL byte, a body without a boundary
            if "{" in path:
                assert "404" in answers, where
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in answers, where
            if operation.get("security"):
                assert "401" in answers, where
            for code, answer in operation["responses"].items():
                if code.startswith(("4", "5")):
                    assert "application/json" in answer.get("content", {}), (where, code)


def test_a_refused_input_is_answered_in_the_one_422_shape(client):
    response = client.get("/api/v1/indicators", {"page": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "page"
    assert body["detail"].startswith("page: ")


def test_a_404_names_what_was_not_found(client):
    response = client.get("/api/v1/agreements/999999")
    assert response.status_code == 404
    assert response.json()["detail"] != "Not Found"
