"""Settings of the HTTP service: defaults, then a config file, then environment variables.

A setting has one name, used as the Flask config key (``MAX_CONTENT_LENGTH``), as a key in
the config file (either case), and after a ``TERMSCORE_`` prefix as an environment variable
(``TERMSCORE_MAX_CONTENT_LENGTH``). Values from the environment are strings and are
converted to the type of the default.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .errors import ConfigurationError

ENV_PREFIX = "TERMSCORE_"
CONFIG_FILE_ENV = "TERMSCORE_CONFIG"

DEFAULTS: dict[str, object] = {
    # Maximum request body in bytes. A larger body gets a 413 response.
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
    # Seconds one audit or redline may run, queueing included, before a 503.
    "ANALYSIS_TIMEOUT": 20.0,
    # Analyses that may run at the same time in one process; later ones wait in line.
    "ANALYSIS_WORKERS": 4,
    # Caps applied to the inflated parts of a .docx (see termscore.limits.Limits).
    "MAX_UNCOMPRESSED_BYTES": 50 * 1024 * 1024,
    "MAX_COMPRESSION_RATIO": 100.0,
    # scheme://host[:port] written into manifest.xml; empty means the request's own origin.
    "PUBLIC_ORIGIN": "",
    # Origins allowed to call /api/* from another origin; empty means same-origin only.
    "CORS_ORIGINS": [],
    # Bearer token required on /api/* (except health and the OpenAPI document); empty: none.
    "API_TOKEN": "",
    # Log the uploaded file name in the request log line.
    "LOG_FILENAMES": False,
    # Folder holding taskpane.html and index.html; empty means the installed termscore.addin.
    "ADDIN_DIR": "",
}


def load_config(overrides: Mapping[str, object] | None = None,
                environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Return the settings: defaults, config file, ``TERMSCORE_*`` variables, then ``overrides``.

    The config file is ``overrides["CONFIG_FILE"]`` if given, else ``$TERMSCORE_CONFIG``.
    Raises ``ConfigurationError`` for an unreadable file, an unknown key or a bad value.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    settings = dict(DEFAULTS)

    path = overrides.pop("CONFIG_FILE", None) or environ.get(CONFIG_FILE_ENV)
    if path:
        settings.update(_coerce_all(read_config_file(Path(path)), source=str(path)))

    from_env = {key[len(ENV_PREFIX):]: value for key, value in environ.items()
                if key.startswith(ENV_PREFIX) and key != CONFIG_FILE_ENV
                and key[len(ENV_PREFIX):] in DEFAULTS}
    settings.update(_coerce_all(from_env, source="the environment"))

    settings.update(_coerce_all(overrides, source="create_app()", strict=False))
    return settings


def read_config_file(path: Path) -> dict[str, object]:
    """Read a TOML (``.toml``) or JSON (any other suffix) file holding one table of settings."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read config file {path}: {exc.strerror or exc}",
            detail="set TERMSCORE_CONFIG or --config to an existing TOML or JSON file",
        ) from exc
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"config file {path} is not valid TOML or JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"config file {path} must hold one table of settings, "
                                 f"not a {type(data).__name__}")
    return data


def _coerce_all(values: Mapping[str, object], *, source: str,
                strict: bool = True) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in values.items():
        name = key.upper()
        if name.startswith(ENV_PREFIX):
            name = name[len(ENV_PREFIX):]
        if name not in DEFAULTS:
            if strict:
                raise ConfigurationError(
                    f"unknown setting {key!r} in {source}",
                    detail="known settings: " + ", ".join(sorted(DEFAULTS)),
                )
            out[key] = value  # plain Flask settings such as TESTING pass through
            continue
        out[name] = coerce(name, value, source=source)
    return out


def coerce(name: str, value: object, *, source: str = "settings") -> object:
    """Convert ``value`` to the type of the default of setting ``name``."""
    default = DEFAULTS[name]
    try:
        if isinstance(default, bool):
            return _to_bool(value)
        if isinstance(default, int):
            number = int(value)  # type: ignore[arg-type]
            if number < 1:
                raise ValueError("must be 1 or more")
            return number
        if isinstance(default, float):
            number = float(value)  # type: ignore[arg-type]
            if not number > 0:
                raise ValueError("must be more than 0")
            return number
        if isinstance(default, list):
            if isinstance(value, str):
                return [item.strip() for item in value.split(",") if item.strip()]
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return list(value)
            raise ValueError("must be a list of strings or a comma-separated string")
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError("must be a string")
        return value
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(
            f"invalid value {value!r} for {name} in {source}: {exc}",
            detail=f"the default is {default!r}",
        ) from exc


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")
