"""Security basics: deploy checks, CSP, cookies, login throttling, argon2, audit history."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from localperf.accounts.models import Role
from localperf.indicators.models import Indicator
from localperf.organisations.models import Organisation
from localperf.web.client_address import client_address

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_profile_passes_check_deploy():
    env = {
        **os.environ,
        "LOCALPERF_PROFILE": "production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Kq2" * 8,
        "DJANGO_ALLOWED_HOSTS": "localperf.example",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "LOCALPERF_PROFILE": "production", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html


@pytest.mark.django_db
def test_the_session_cookie_is_http_only(client, django_user_model):
    django_user_model.objects.create_user("reader", password="a sound passphrase 42")
    client.post("/account/sign-in/", {"username": "reader", "password": "a sound passphrase 42"})
    assert client.cookies["sessionid"]["httponly"]


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(django_user_model):
    user = django_user_model.objects.create_user("hashed", password="a sound passphrase 42")
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account(client, django_user_model, settings):
    django_user_model.objects.create_user("target", password="the right passphrase 1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/sign-in/", {"username": "target", "password": "wrong"})
    response = client.post(
        "/account/sign-in/", {"username": "target", "password": "the right passphrase 1"}
    )
    assert response.status_code == 429
    assert "Sign in is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_user_signs_in_and_sees_their_name(client, django_user_model):
    organisation = Organisation.objects.get(slug="go-london")
    django_user_model.objects.create_user(
        "gol",
        password="a sound passphrase 42",
        first_name="Grace",
        last_name="Okafor",
        organisation=organisation,
        role=Role.GO_LOCALITY_MANAGER,
    )
    response = client.post(
        "/account/sign-in/",
        {"username": "gol", "password": "a sound passphrase 42"},
        follow=True,
    )
    assert "Grace Okafor" in response.content.decode()


@pytest.mark.django_db
def test_a_role_other_than_administrator_needs_an_organisation():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user("orphan", role=Role.PERFORMANCE_MANAGER)


@pytest.mark.django_db
def test_staff_correct_metadata_in_the_admin_and_the_history_shows_who_and_what(admin_client):
    indicator = Indicator.objects.get(number=195)
    form = (
        admin_client.get(f"/admin/indicators/indicator/{indicator.pk}/change/")
        .context["adminform"]
        .form
    )
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "department": "Defra and CLG",
            "owner": "",
            "measures-TOTAL_FORMS": "0",
            "measures-INITIAL_FORMS": "0",
            "definition_versions-TOTAL_FORMS": "0",
            "definition_versions-INITIAL_FORMS": "0",
        }
    )
    for flag in ("statutory_education", "has_confidence_intervals", "title_checked"):
        if not data.get(flag):
            data.pop(flag, None)
    response = admin_client.post(f"/admin/indicators/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.department == "Defra and CLG"

    history = admin_client.get(f"/admin/indicators/indicator/{indicator.pk}/history/")
    text = history.content.decode()
    assert "Defra and CLG" in text
    assert "admin" in text
    record = indicator.history.first()
    assert record.history_user.username == "admin"
    assert record.diff_against(record.prev_record).changed_fields == ["department"]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_s_failures_do_not_lock_another_out(
    client, django_user_model, settings
):
    # Behind a reverse proxy every request has the proxy's REMOTE_ADDR: keyed on it, an
    # attacker's failures locked the real user out. With the proxy trusted, the lockout
    # is keyed on the address the proxy reports.
    settings.LOCALPERF_TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("target", password="the right passphrase 1")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/account/sign-in/",
            {"username": "target", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
            **proxy,
        )
    locked = client.post(
        "/account/sign-in/",
        {"username": "target", "password": "the right passphrase 1"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )
    assert locked.status_code == 429
    signed_in = client.post(
        "/account/sign-in/",
        {"username": "target", "password": "the right passphrase 1"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert signed_in.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9, 10.0.0.2")
    request.META["REMOTE_ADDR"] = "10.0.0.1"
    settings.LOCALPERF_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.LOCALPERF_TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "203.0.113.9"  # 1.1.1.1 was written by the client
    settings.LOCALPERF_TRUSTED_PROXY_COUNT = 4
    assert client_address(request) == "10.0.0.1"  # fewer hops than proxies: not believed
