"""Settings from the environment (bot/config.py)."""

import pytest

from bot.config import ConfigError, from_env


def test_defaults_run_the_embedded_demo(tmp_path):
    config = from_env({"BGHIT_DB": str(tmp_path / "x.sqlite3")})
    assert config["SIMULATOR"] is True and config["TWILIO_AUTH_TOKEN"] == ""
    assert config["MAX_CONTENT_LENGTH"] == 64 * 1024


def test_simulator_is_off_once_twilio_is_connected_unless_asked(tmp_path):
    db = str(tmp_path / "x.sqlite3")
    assert from_env({"BGHIT_DB": db, "TWILIO_AUTH_TOKEN": "t"})["SIMULATOR"] is False
    assert from_env({"BGHIT_DB": db, "TWILIO_AUTH_TOKEN": "t", "SIMULATOR": "on"})["SIMULATOR"]
    assert from_env({"BGHIT_DB": db, "SIMULATOR": "off"})["SIMULATOR"] is False
    assert from_env({"BGHIT_DB": db, "SIMULATOR": ""})["SIMULATOR"] is True   # .env.example


def test_session_secret_is_shared_by_processes_and_kept_private(tmp_path):
    db = str(tmp_path / "data" / "x.sqlite3")
    first = from_env({"BGHIT_DB": db})["SECRET_KEY"]
    assert from_env({"BGHIT_DB": db})["SECRET_KEY"] == first and len(first) == 64
    assert (tmp_path / "data" / ".secret_key").stat().st_mode & 0o077 == 0
    assert from_env({"BGHIT_DB": db, "SECRET_KEY": "given"})["SECRET_KEY"] == "given"


def test_language_data_is_read_at_start_up_not_on_a_first_message(tmp_path):
    from bot import create_app, geo, i18n
    from bot.nlu import commands
    for cached in (i18n.load, commands.grammar, geo._choices, geo._articles):
        cached.cache_clear()
    create_app({"BGHIT_DB": str(tmp_path / "w.sqlite3")})
    assert i18n.load.cache_info().currsize == len(i18n.languages())
    assert commands.grammar.cache_info().currsize == 1
    assert geo._choices.cache_info().currsize == 1
    assert geo._articles.cache_info().currsize == 1


@pytest.mark.parametrize("value", ["disabled", "none", "n", "y", "enable", "2", "of"])
def test_unknown_boolean_values_are_refused_at_start_up(tmp_path, value):
    db = str(tmp_path / "x.sqlite3")
    with pytest.raises(ConfigError, match="SIMULATOR"):
        from_env({"BGHIT_DB": db, "TWILIO_AUTH_TOKEN": "t", "SIMULATOR": value})
    from bot import create_app
    with pytest.raises(ConfigError, match="SIMULATOR"):
        create_app({"BGHIT_DB": db, "SIMULATOR": value})       # a string in the app config too


@pytest.mark.parametrize("value, expected", [
    ("on", True), ("ON ", True), ("1", True), ("yes", True), ("true", True),
    ("off", False), ("0", False), ("No", False), ("false", False), ("", False)])
def test_boolean_values(tmp_path, value, expected):
    env = {"BGHIT_DB": str(tmp_path / "x.sqlite3"), "TWILIO_AUTH_TOKEN": "t", "SIMULATOR": value}
    assert from_env(env)["SIMULATOR"] is expected


def test_no_false_secret_key_warning_when_workers_share_the_file(tmp_path, monkeypatch, caplog):
    from bot import create_app
    monkeypatch.delenv("SECRET_KEY", raising=False)
    token = "a-long-enough-admin-token"
    create_app({"BGHIT_DB": str(tmp_path / "data" / "x.sqlite3"), "ADMIN_TOKEN": token})
    assert "SECRET_KEY" not in caplog.text            # data/.secret_key is shared: no problem
    # A folder it cannot write to: each process draws its own key, and that is said.
    config = from_env({"BGHIT_DB": str(tmp_path / "data" / "x.sqlite3" / "y.sqlite3")})
    assert config["SECRET_KEY_SHARED"] is False
    assert from_env({"BGHIT_DB": str(tmp_path / "data" / "x.sqlite3")})["SECRET_KEY_SHARED"]
    assert from_env({"BGHIT_DB": str(tmp_path / "z.sqlite3"), "SECRET_KEY": "given"})[
        "SECRET_KEY_SHARED"]
    create_app({"BGHIT_DB": str(tmp_path / "data" / "x.sqlite3"), "ADMIN_TOKEN": token,
                "SECRET_KEY_SHARED": False})
    assert "SECRET_KEY is not set" in caplog.text and ".secret_key" in caplog.text


def test_media_limits_come_from_the_environment(tmp_path):
    db = str(tmp_path / "x.sqlite3")
    defaults = from_env({"BGHIT_DB": db})
    assert defaults["MEDIA_TIMEOUT"] == 10.0 and defaults["MEDIA_MAX_BYTES"] == 16 * 1024 * 1024
    set_ = from_env({"BGHIT_DB": db, "BGHIT_MEDIA_TIMEOUT": "2.5",
                     "BGHIT_MEDIA_MAX_BYTES": "1000000"})
    assert set_["MEDIA_TIMEOUT"] == 2.5 and set_["MEDIA_MAX_BYTES"] == 1_000_000
