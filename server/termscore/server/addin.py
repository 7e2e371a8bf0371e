"""Static files of the task pane and web page, and manifest.xml with this server's origin.

The files come from the installed package ``termscore.addin`` (where ``setup.py`` also
copies the manifests), or from ``<repo>/addin`` and the repository root in a checkout.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.routing import PathConverter

bp = Blueprint("addin", __name__)


class StaticPathConverter(PathConverter):
    """A path outside /api, so that a wrong method on an API route stays a 405."""

    regex = r"(?!api(?:/|$))[^/].*?"


@bp.record_once
def register_converter(state):
    state.app.url_map.converters["static_path"] = StaticPathConverter

# The origin the manifests are written for; /manifest.xml replaces it with ours.
TEMPLATE_ORIGIN = "https://localhost:3000"
MANIFESTS = ("manifest.xml", "manifest.localhost.xml")
STATIC_SUFFIXES = frozenset({".html", ".js", ".mjs", ".css", ".png", ".svg", ".ico",
                             ".json", ".map", ".woff", ".woff2", ".txt",
                             ".docx"})  # the web page's sample contract


def addin_dir() -> Path:
    """Return the folder holding taskpane.html and index.html."""
    configured = current_app.config.get("ADDIN_DIR")
    if configured:
        return Path(configured)
    try:
        packaged = Path(str(importlib.resources.files("termscore.addin")))
        if packaged.is_dir():
            return packaged
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[3] / "addin"


def manifest_path(name: str) -> Path | None:
    """Return the manifest file: beside the pane when installed, at the repo root otherwise."""
    folder = addin_dir()
    for candidate in (folder / name, folder.parent / name):
        if candidate.is_file():
            return candidate
    return None


def public_origin() -> str:
    # NOTE: behind a reverse proxy the request's own origin is the internal address, and
    # X-Forwarded-* headers are not trusted, so deployments there must set PUBLIC_ORIGIN.
    return current_app.config.get("PUBLIC_ORIGIN") or request.host_url.rstrip("/")


@bp.get("/")
def index():
    return send_static("index.html")


@bp.get("/manifest.xml")
def manifest():
    path = manifest_path("manifest.xml")
    if path is None:
        raise NotFound("manifest.xml is not part of this installation.")
    text = path.read_text(encoding="utf-8").replace(TEMPLATE_ORIGIN, escape(public_origin()))
    return Response(text, mimetype="application/xml")


@bp.get("/manifest.localhost.xml")
def manifest_localhost():
    path = manifest_path("manifest.localhost.xml")
    if path is None:
        raise NotFound("manifest.localhost.xml is not part of this installation.")
    return Response(path.read_bytes(), mimetype="application/xml")


@bp.get("/<static_path:filename>")
def static_file(filename: str):
    return send_static(filename)


def send_static(filename: str):
    # Only front-end files: the package folder also contains __init__.py.
    if Path(filename).suffix.lower() not in STATIC_SUFFIXES:
        raise NotFound(f"{filename} is not a file of the task pane.")
    return send_from_directory(addin_dir(), filename)
