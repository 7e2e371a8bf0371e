"""Settings: defaults, then config file, then TERMSCORE_* variables, then create_app()."""

from __future__ import annotations

import json

import pytest

from termscore.server import create_app
from termscore.server.config import DEFAULTS, load_config
from termscore.server.errors import ConfigurationError


def test_defaults_without_file_or_environment():
    settings = load_config(environ={})

    assert settings["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
    assert settings["ANALYSIS_TIMEOUT"] == 20.0
    assert settings["CORS_ORIGINS"] == []
    assert settings["API_TOKEN"] == ""


def test_toml_file_then_environment(tmp_path):
    path = tmp_path / "termscore.toml"
    path.write_text('analysis_timeout = 5\ncors_origins = ["https://a.example"]\n'
                    'api_token = "from-file"\n')

    settings = load_config(environ={"TERMSCORE_CONFIG": str(path),
                                    "TERMSCORE_API_TOKEN": "from-env"})

    assert settings["ANALYSIS_TIMEOUT"] == 5.0
    assert settings["CORS_ORIGINS"] == ["https://a.example"]
    assert settings["API_TOKEN"] == "from-env"


def test_json_file_and_overrides_win(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"MAX_CONTENT_LENGTH": 1000, "LOG_FILENAMES": True}))

    settings = load_config({"CONFIG_FILE": str(path), "MAX_CONTENT_LENGTH": 2000}, environ={})

    assert settings["MAX_CONTENT_LENGTH"] == 2000
    assert settings["LOG_FILENAMES"] is True


@pytest.mark.parametrize("name, raw, expected", [
    ("TERMSCORE_MAX_CONTENT_LENGTH", "1048576", 1048576),
    ("TERMSCORE_ANALYSIS_TIMEOUT", "2.5", 2.5),
    ("TERMSCORE_LOG_FILENAMES", "yes", True),
    ("TERMSCORE_LOG_FILENAMES", "0", False),
    ("TERMSCORE_CORS_ORIGINS", "https://a.example, http://b.example:8080",
     ["https://a.example", "http://b.example:8080"]),
])
def test_environment_values_converted(name, raw, expected):
    settings = load_config(environ={name: raw})

    assert settings[name.removeprefix("TERMSCORE_")] == expected


@pytest.mark.parametrize("environ, message", [
    ({"TERMSCORE_ANALYSIS_TIMEOUT": "soon"}, "invalid value 'soon' for ANALYSIS_TIMEOUT"),
    ({"TERMSCORE_MAX_CONTENT_LENGTH": "0"}, "must be 1 or more"),
    ({"TERMSCORE_LOG_FILENAMES": "maybe"}, "must be true or false"),
    ({"TERMSCORE_CONFIG": "/nonexistent/termscore.toml"}, "cannot read config file"),
])
def test_invalid_settings_raise(environ, message):
    with pytest.raises(ConfigurationError, match=message):
        load_config(environ=environ)


def test_unknown_key_in_file_raises(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("max_upload = 3\n")

    with pytest.raises(ConfigurationError, match="unknown setting 'max_upload'"):
        load_config(environ={"TERMSCORE_CONFIG": str(path)})


def test_invalid_toml_raises(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("max_content_length = \n")

    with pytest.raises(ConfigurationError, match="not valid TOML or JSON"):
        load_config(environ={"TERMSCORE_CONFIG": str(path)})


def test_unrelated_environment_ignored():
    settings = load_config(environ={"TERMSCORE_CORPUS": "/x", "PATH": "/bin"})

    assert settings == DEFAULTS


@pytest.mark.parametrize("config, message", [
    ({"CORS_ORIGINS": ["*"]}, "CORS origin '\\*' is not valid"),
    ({"CORS_ORIGINS": ["example.com"]}, "CORS origin 'example.com' is not valid"),
    ({"PUBLIC_ORIGIN": "termscore.example"}, "PUBLIC_ORIGIN 'termscore.example'"),
])
def test_create_app_rejects_bad_origins(config, message):
    with pytest.raises(ConfigurationError, match=message):
        create_app(config)


def test_public_origin_trailing_slash_removed():
    app = create_app({"PUBLIC_ORIGIN": "https://ts.example.com/"})

    assert app.config["PUBLIC_ORIGIN"] == "https://ts.example.com"
