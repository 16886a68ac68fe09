"""Settings read from the environment refuse what they do not understand."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from localperf.settings import env_bool, env_int


@pytest.mark.parametrize("word", ["1", "true", " Yes ", "ON"])
def test_a_yes_word_reads_as_true(monkeypatch, word):
    monkeypatch.setenv("LOCALPERF_SOME_FLAG", word)
    assert env_bool("LOCALPERF_SOME_FLAG", False) is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off"])
def test_a_no_word_reads_as_false(monkeypatch, word):
    monkeypatch.setenv("LOCALPERF_SOME_FLAG", word)
    assert env_bool("LOCALPERF_SOME_FLAG", True) is False


def test_an_unset_flag_takes_its_default(monkeypatch):
    monkeypatch.delenv("LOCALPERF_SOME_FLAG", raising=False)
    assert env_bool("LOCALPERF_SOME_FLAG", True) is True


@pytest.mark.parametrize("word", ["ture", "", "enabled", "2"])
def test_a_word_it_does_not_know_is_refused_naming_the_variable(monkeypatch, word):
    # "ture" used to read as false: a typo silently turned a safeguard off.
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", word)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    message = str(refused.value)
    assert "DJANGO_SECURE_SSL_REDIRECT" in message and repr(word) in message
    assert "true" in message and "false" in message


@pytest.mark.parametrize("word", ["two", "-1", "1.5"])
def test_a_count_that_is_not_a_whole_number_is_refused(monkeypatch, word):
    monkeypatch.setenv("LOCALPERF_TRUSTED_PROXY_COUNT", word)
    with pytest.raises(ImproperlyConfigured, match="LOCALPERF_TRUSTED_PROXY_COUNT"):
        env_int("LOCALPERF_TRUSTED_PROXY_COUNT", 0)
