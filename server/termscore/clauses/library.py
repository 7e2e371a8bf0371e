"""Load the clause library: one YAML file per rule and per protective clause, schema-checked.

The library lives in ``clause_library/`` at the top of the repository and ships inside the
package as ``termscore.clause_library``. Every file is validated when loaded; an invalid
file raises ``ClauseLibraryError`` whose message starts with ``file:line``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from ..errors import ClauseLibraryError

RULES_DIR = "rules"
CLAUSES_DIR = "clauses"
ADDENDUM_FILE = "addendum.yaml"


@dataclass(frozen=True)
class Rule:
    """A detection rule: a risk to flag or a protection whose absence is reported."""

    id: str
    kind: str
    title: str
    severity: str
    explanation: str
    detect: dict
    remedy: dict
    examples: dict
    references: tuple[str, ...] = ()
    missing_title: str = ""
    missing_explanation: str = ""
    data_use: bool = False
    path: str = ""
    # Patterns of which one must occur in the document for a missing protection to count.
    applies_when: tuple[str, ...] = ()
    applies_reason: str = ""


@dataclass(frozen=True)
class Clause:
    """A protective clause of our own drafting, with ``{customer}``-style placeholders."""

    id: str
    title: str
    text: str
    heading: str = ""
    summary: str = ""
    parameters: tuple[str, ...] = ()
    subclauses: tuple[str, ...] = ()
    path: str = ""


@dataclass
class Library:
    """The loaded clause library: rules and clauses keyed by id, and the addendum layout."""

    rules: dict[str, Rule] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    addendum: dict = field(default_factory=dict)
    root: str = ""

    def risks(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.kind == "risk"]

    def protections(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.kind == "protection"]


def default_root() -> Path:
    """Return the folder of the installed library, or the repository's when run from source."""
    try:
        root = resources.files("termscore.clause_library")
        path = Path(str(root))
        if (path / RULES_DIR).is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[3] / "clause_library"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that keeps the composed node tree, so errors can name a line."""


def _node_line(node: yaml.Node, path: list) -> int:
    """Return the 1-based line of the value at ``path`` inside a composed YAML node."""
    line = node.start_mark.line + 1
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == key:
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    if isinstance(node, yaml.ScalarNode):
        line = node.start_mark.line + 1
    return line


def _read_yaml(path: Path) -> tuple[object, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClauseLibraryError(f"{path}:1: cannot read the file: {exc.strerror or exc}") from exc
    try:
        node = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ClauseLibraryError(f"{path}:{line}: invalid YAML: {problem}") from exc
    return data, node


@functools.lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return json.loads((default_root() / "schema" / name).read_text(encoding="utf-8"))


def _validate(path: Path, data: object, node: yaml.Node | None, schema_name: str) -> None:
    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    where = list(error.absolute_path)
    line = _node_line(node, where) if node is not None else 1
    field_name = ".".join(str(p) for p in where) or "(top level)"
    raise ClauseLibraryError(
        f"{path}:{line}: {field_name}: {error.message}; see clause_library/schema/{schema_name}"
    )


def _check_id(path: Path, data: dict, node) -> None:
    if data.get("id") != path.stem:
        line = _node_line(node, ["id"])
        raise ClauseLibraryError(
            f"{path}:{line}: id {data.get('id')!r} does not match the file name; "
            f"set id: {path.stem} or rename the file"
        )


def _check_patterns(path: Path, data: dict, node) -> None:
    """Compile every pattern once at load time, so a typo fails with its line."""
    from .patterns import compile_pattern

    detect = data["detect"]
    places: list[tuple[list, str]] = []
    for i, trigger in enumerate(detect.get("triggers", [])):
        places.append((["detect", "triggers", i, "pattern"], trigger["pattern"]))
    for i, group in enumerate(detect.get("require", [])):
        for j, pattern in enumerate(group):
            places.append((["detect", "require", i, j], pattern))
    for key in ("forbid", "weak"):
        for i, pattern in enumerate(detect.get(key, [])):
            places.append((["detect", key, i], pattern))
    for i, rewrite in enumerate(data["remedy"].get("rewrites", [])):
        places.append((["remedy", "rewrites", i, "pattern"], rewrite["pattern"]))
    for i, pattern in enumerate(data.get("applies_when", {}).get("any", [])):
        places.append((["applies_when", "any", i], pattern))
    for where, pattern in places:
        try:
            compile_pattern(pattern)
        except (re.error, KeyError) as exc:
            line = _node_line(node, where)
            raise ClauseLibraryError(
                f"{path}:{line}: invalid pattern {pattern!r}: {exc}; "
                "fix the regular expression or the {PLACEHOLDER} name"
            ) from exc


def load_library_from(root: str | Path) -> Library:
    """Load and validate every rule, clause and the addendum layout under ``root``."""
    root = Path(root)
    library = Library(root=str(root))
    rules_dir, clauses_dir = root / RULES_DIR, root / CLAUSES_DIR
    if not rules_dir.is_dir() or not clauses_dir.is_dir():
        raise ClauseLibraryError(
            f"{root}:1: the clause library needs the folders {RULES_DIR}/ and {CLAUSES_DIR}/"
        )

    for path in sorted(clauses_dir.glob("*.yaml")):
        data, node = _read_yaml(path)
        _validate(path, data, node, "clause.schema.json")
        _check_id(path, data, node)
        library.clauses[data["id"]] = Clause(
            id=data["id"], title=data["title"], text=data["text"].strip(),
            heading=data.get("heading", ""), summary=data.get("summary", ""),
            parameters=tuple(data.get("parameters", ())),
            subclauses=tuple(s.strip() for s in data.get("subclauses", ())), path=str(path),
        )

    for path in sorted(rules_dir.glob("*.yaml")):
        data, node = _read_yaml(path)
        _validate(path, data, node, "rule.schema.json")
        _check_id(path, data, node)
        _check_patterns(path, data, node)
        clause_id = data["remedy"]["clause"]
        if clause_id not in library.clauses:
            line = _node_line(node, ["remedy", "clause"])
            raise ClauseLibraryError(
                f"{path}:{line}: remedy.clause {clause_id!r} is not a clause in "
                f"{clauses_dir}; add {clause_id}.yaml or name an existing clause"
            )
        library.rules[data["id"]] = Rule(
            id=data["id"], kind=data["kind"], title=data["title"], severity=data["severity"],
            explanation=" ".join(data["explanation"].split()), detect=data["detect"],
            remedy=data["remedy"], examples=data["examples"],
            references=tuple(data.get("references", ())),
            missing_title=data.get("missing_title", ""),
            missing_explanation=" ".join(data.get("missing_explanation", "").split()),
            data_use=bool(data.get("data_use", False)), path=str(path),
            applies_when=tuple(data.get("applies_when", {}).get("any", ())),
            applies_reason=" ".join(data.get("applies_when", {}).get("reason", "").split()),
        )

    addendum_path = root / ADDENDUM_FILE
    if addendum_path.exists():
        data, node = _read_yaml(addendum_path)
        _validate(addendum_path, data, node, "addendum.schema.json")
        for i, section in enumerate(data["sections"]):
            for j, clause_id in enumerate(section["clauses"]):
                if clause_id not in library.clauses:
                    line = _node_line(node, ["sections", i, "clauses", j])
                    raise ClauseLibraryError(
                        f"{addendum_path}:{line}: clause {clause_id!r} is not in {clauses_dir}"
                    )
        library.addendum = data
    return library


@functools.lru_cache(maxsize=4)
def _cached(root: str) -> Library:
    return load_library_from(root)


def load_library(root: str | Path | None = None) -> Library:
    """Return the clause library, loaded once per process and folder."""
    return _cached(str(Path(root) if root else default_root()))
