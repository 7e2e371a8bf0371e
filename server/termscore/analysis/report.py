"""Render audit results (the dicts of ``AuditResult.to_dict``) as table, HTML or SARIF.

Every renderer takes a list of results so that one report can cover a batch of files.
Document text is untrusted: the HTML report escapes all of it, and the terminal table
prints it with rich markup disabled.
"""

from __future__ import annotations

import html
import io

from .. import __version__

SEVERITY_LEVEL = {"high": "error", "medium": "warning", "low": "note"}
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
GRADE_COLOUR = {"A": "#1a7f37", "B": "#4c9a2a", "C": "#b08800", "D": "#d1661b", "F": "#cf222e"}


def display_label(label: str) -> str:
    """Return a list label as a reader cites it: "16." becomes "16"; "(a)" and "2.1" stay."""
    return label[:-1] if label.endswith(".") and label[:-1][-1:].isalnum() else label


def _where(location: dict, kind: str = "risk") -> str:
    """Return "clause 4.2, ¶12" for a finding, or "after clause 4.2, ¶12" for where a
    missing clause goes (¶ counts the paragraphs of the story from 0)."""
    parts = []
    if location.get("story") and location["story"] != "body":
        parts.append(location["story"])
    if location.get("label"):
        parts.append(f"clause {display_label(location['label'])}")
    where = " ".join(parts)
    if location.get("index") is not None:
        where = f"{where}, ¶{location['index']}" if where else f"¶{location['index']}"
    if not where:
        return "end of document"
    return f"after {where}" if kind == "missing" and location.get("index") is not None else where


def _short(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parties_line(parties: dict) -> str:
    """Return "Protecting Client (other party: Agency); side chosen automatically"."""
    customer = parties.get("customer") or "the customer"
    provider = parties.get("provider") or "the provider"
    ours, theirs = ((customer, provider) if parties.get("protected_side") != "provider"
                    else (provider, customer))
    chosen = "chosen by you" if parties.get("side_source") == "user" else "chosen automatically"
    if not parties.get("roles_clear", True):
        return (f"Parties: {ours} and {theirs}; party roles unclear; choose --side "
                f"(reviewing for {ours} for now)")
    return f"Protecting {ours} (other party: {theirs}); side {chosen}"


# Table ---------------------------------------------------------------------------------

def to_table(results: list[dict], *, width: int | None = None, color: bool | None = None) -> str:
    """Return a readable terminal report for each result, with ANSI colour when asked."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 120, force_terminal=bool(color),
                      no_color=not color, highlight=False, markup=False, emoji=False)
    for result in results:
        document = result["document"]
        parties = result["parties"]
        grade_line = Text()
        grade_line.append(f"{document.get('name') or 'document'}: ", style="bold")
        grade_line.append(f"TermScore {result['score']}/100, grade {result['grade']}",
                          style="bold " + ("green" if result["score"] >= 80 else
                                           "yellow" if result["score"] >= 60 else "red"))
        console.print(grade_line)
        console.print(Text(parties_line(parties)))
        law = result.get("jurisdiction", {}).get("governing_law")
        if law:
            console.print(Text(f"Governing law: {law}"))

        table = Table(show_lines=False, expand=True)
        for name, kwargs in (("Severity", {"no_wrap": True}), ("Points", {"justify": "right"}),
                             ("Finding", {"ratio": 2}), ("Where", {"no_wrap": True}),
                             ("Quote or suggestion", {"ratio": 3})):
            table.add_column(name, **kwargs)
        for finding in result["findings"]:
            severity = Text(finding["severity"], style=SEVERITY_STYLE[finding["severity"]])
            title = Text(finding["title"])
            title.append(f"\n{finding['rule']}", style="dim")
            if finding["kind"] == "risk":
                detail = Text(_short(finding["location"]["quote"]))
            else:
                detail = Text("Insert: " + _short(finding["suggestion"]["text"], 120), style="dim")
            table.add_row(severity, f"{finding['contribution']:g}", title,
                          _where(finding["location"], finding["kind"]), detail)
        if result["findings"]:
            console.print(table)
        else:
            console.print(Text("No findings."))
        present = [p["id"] for p in result["protections"] if p["present"]]
        if present:
            console.print(Text("Protections present: " + ", ".join(present), style="green"))
        idle = [p["id"] for p in result["protections"]
                if not p["present"] and not p.get("applicable", True)]
        if idle:
            console.print(Text("Not applicable to this contract: " + ", ".join(idle),
                               style="dim"))
        for protection in result["protections"]:
            for warning in protection.get("warnings", []):
                console.print(Text(f"{protection['id']}: {warning['message']}", style="yellow"))
        name = document.get("name") or "document"
        for warning in result.get("warnings", []):
            # A folder audit prints many results; each warning names its file.
            console.print(Text(f"{name}: warning: {warning['code']}: {warning['message']}",
                               style="dim"))
        console.print()
    return buffer.getvalue()


# HTML ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:70rem;
color:#1f2328;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #d0d7de}
.summary{display:flex;gap:2rem;align-items:center}
.gauge text{font-weight:700}
table{border-collapse:collapse;width:100%;margin-top:1rem}
th,td{border-bottom:1px solid #d0d7de;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.sev-high{color:#cf222e;font-weight:700}.sev-medium{color:#9a6700;font-weight:700}
.sev-low{color:#0969da}
.quote{font-family:ui-serif,Georgia,serif;background:#f6f8fa;padding:.3rem .5rem;
border-left:3px solid #d0d7de;white-space:pre-wrap}
.suggest{white-space:pre-wrap;color:#1a7f37}
.muted{color:#59636e;font-size:.9em}
ul.prot{columns:2}
"""


def _gauge(score: int, grade: str) -> str:
    """Return an inline SVG half-circle gauge filled in proportion to the score."""
    import math

    angle = math.pi * (1 - max(0, min(100, score)) / 100)
    x = 100 + 80 * math.cos(angle)
    y = 100 - 80 * math.sin(angle)
    colour = GRADE_COLOUR.get(grade, "#59636e")
    return (
        f'<svg class="gauge" width="200" height="120" viewBox="0 0 200 120" role="img" '
        f'aria-label="TermScore {score} of 100, grade {html.escape(grade)}">'
        '<path d="M20 100 A80 80 0 0 1 180 100" fill="none" stroke="#d0d7de" '
        'stroke-width="16"/>'
        f'<path d="M20 100 A80 80 0 0 1 {x:.1f} {y:.1f}" fill="none" stroke="{colour}" '
        'stroke-width="16"/>'
        f'<text x="100" y="92" text-anchor="middle" font-size="34" fill="{colour}">{score}</text>'
        f'<text x="100" y="114" text-anchor="middle" font-size="14">grade {html.escape(grade)}'
        '</text></svg>'
    )


def _html_result(result: dict) -> str:
    e = html.escape
    document, parties = result["document"], result["parties"]
    out = [f"<h2>{e(document.get('name') or 'document')}</h2>",
           '<div class="summary">', _gauge(result["score"], result["grade"]), "<div>",
           f"<p><strong>TermScore {result['score']}/100, grade {e(result['grade'])}</strong></p>",
           f"<p>{e(parties_line(parties))}</p>"]
    law = result.get("jurisdiction", {}).get("governing_law")
    if law:
        out.append(f"<p class=\"muted\">Governing law: {e(law)}</p>")
    out.append(f"<p class=\"muted\">{e(result['score_breakdown']['formula'])}</p></div></div>")

    out.append("<table><thead><tr><th>Severity</th><th>Points</th><th>Finding</th>"
               "<th>Where</th><th>Text and suggestion</th></tr></thead><tbody>")
    for finding in result["findings"]:
        location, suggestion = finding["location"], finding["suggestion"]
        cells = [f'<td class="sev-{e(finding["severity"])}">{e(finding["severity"])}</td>',
                 f"<td>{finding['contribution']:g}</td>",
                 f"<td><strong>{e(finding['title'])}</strong><br>"
                 f"<span class=\"muted\">{e(finding['rule'])}</span>"
                 f"<p>{e(finding['explanation'])}</p>"
                 + ("<p class=\"muted\">" + e("; ".join(finding["references"])) + "</p>"
                    if finding["references"] else "") + "</td>",
                 f"<td>{e(_where(location, finding['kind']))}</td>"]
        detail = []
        if location.get("quote"):
            detail.append(f'<div class="quote">{e(location["quote"])}</div>')
        action = suggestion.get("action")
        if action == "delete":
            detail.append('<div class="suggest">Suggestion: delete this text.</div>')
        elif suggestion.get("text"):
            label = "Replace with" if action == "replace" else "Insert"
            detail.append(f'<div class="suggest">{label}: {e(suggestion["text"])}</div>')
        cells.append("<td>" + "".join(detail) + "</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    out.append("<h3>Protections</h3><ul class=\"prot\">")
    for protection in result["protections"]:
        mark = ("present" if protection["present"] else
                "missing" if protection.get("applicable", True) else "not applicable")
        notes = "".join(f" <span class=\"muted\">{e(w['message'])}</span>"
                        for w in protection.get("warnings", []))
        out.append(f"<li>{e(protection['title'])}: <strong>{mark}</strong>{notes}</li>")
    out.append("</ul>")
    if result.get("warnings"):
        out.append("<h3>Warnings</h3><ul>")
        for warning in result["warnings"]:
            out.append(f"<li>{e(warning['code'])}: {e(warning['message'])}</li>")
        out.append("</ul>")
    return "\n".join(out)


def to_html(results: list[dict]) -> str:
    """Return one self-contained HTML page (no scripts, no external files) for all results."""
    body = "\n".join(_html_result(r) for r in results)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            f"<title>TermScore report</title><style>{_CSS}</style></head><body>"
            f"<h1>TermScore report</h1>\n{body}\n"
            f"<p class=\"muted\">TermScore {html.escape(__version__)}; analyzed locally."
            "</p></body></html>\n")


# SARIF ---------------------------------------------------------------------------------

def to_sarif(results: list[dict], rules: list[dict] | None = None) -> dict:
    """Return a SARIF 2.1.0 log: one run, one result per finding, the score as properties.

    Word paragraphs have no line numbers. So each result is located by its file and by a
    logical location naming the story, paragraph index and list label. The quote is in
    the message, and the full location and suggestion are in ``properties``.
    """
    if rules is None:
        from ..clauses import library_to_dict

        rules = library_to_dict()["rules"]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver_rules = [{
        "id": rule["id"], "name": rule["id"],
        "shortDescription": {"text": rule["title"]},
        "fullDescription": {"text": rule["explanation"]},
        "defaultConfiguration": {"level": SEVERITY_LEVEL[rule["severity"]]},
        "properties": {"kind": rule["kind"], "references": rule["references"]},
    } for rule in rules]
    sarif_results = []
    artifacts = []
    for result in results:
        uri = result["document"].get("name") or "document"
        artifacts.append({"location": {"uri": uri},
                          "properties": {"score": result["score"], "grade": result["grade"]}})
        for finding in result["findings"]:
            location = finding["location"]
            text = finding["title"]
            if location.get("quote"):
                text += f': "{_short(location["quote"], 300)}"'
            entry = {
                "ruleId": finding["rule"],
                "level": SEVERITY_LEVEL[finding["severity"]],
                "kind": "fail",
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri}},
                    "logicalLocations": [{
                        "name": _where(location),
                        "fullyQualifiedName": f"{uri}/{location.get('story')}/"
                                              f"{location.get('index')}",
                        "kind": "member",
                    }],
                }],
                "partialFingerprints": {"termscoreFindingId/v1": finding["id"]},
                "properties": {"kind": finding["kind"], "contribution": finding["contribution"],
                               "location": location, "suggestion": finding["suggestion"]},
            }
            if finding["rule"] in rule_index:
                entry["ruleIndex"] = rule_index[finding["rule"]]
            sarif_results.append(entry)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "TermScore", "version": __version__,
                                "rules": driver_rules}},
            "artifacts": artifacts,
            "results": sarif_results,
            "properties": {"scores": {a["location"]["uri"]: a["properties"]["score"]
                                      for a in artifacts}},
        }],
    }
