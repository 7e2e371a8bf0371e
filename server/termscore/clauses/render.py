"""Render protective clauses and the AI-training addendum with the parties' own names.

Clause templates name roles, not parties: ``{customer}`` is the party whose data or work
is protected and ``{provider}`` the other party, whichever names the contract uses.
``{customer's}`` gives the possessive, ``{data}`` the protected party's data term
("Client Data" when the contract defines it, else "{customer}'s data"), and
``{notice_days}`` / ``{deletion_days}`` the periods in words and figures. ``{sow_clause}``
reads " or the applicable statement of work" unless ``statement_of_work`` is false.
"""

from __future__ import annotations

import re

from ..errors import InvalidRequestError
from .library import Library, load_library

_FIELD = re.compile(r"\{(customer|provider|data|service|sow_clause|notice_days|deletion_days)"
                    r"('s)?\}")
DEFAULT_SERVICE = "the services under this Agreement"
SOW_CLAUSE = " or the applicable statement of work"
# Third-person verbs of the templates, and their form after "you" or "we".
_PLAIN_VERB = {"owns": "own", "grants": "grant", "gives": "give", "has": "have", "is": "are",
               "loses": "lose", "provides": "provide", "works": "work", "claims": "claim",
               "creates": "create", "indemnifies": "indemnify", "takes": "take",
               "retains": "retain", "agrees": "agree", "uses": "use", "keeps": "keep",
               "does": "do", "receives": "receive", "makes": "make", "assigns": "assign",
               "waives": "waive", "warrants": "warrant", "represents": "represent"}
_PRONOUN_VERB = re.compile(r"\b([Yy]ou|[Ww]e)\s+((?:hereby\s+)?)(\w+)\b")
# "permit we to" reads "permit us to": the object form after a verb or preposition.
_WE_OBJECT = re.compile(r"\b(to|from|against|by|with|for|of|permit|permits|grant|grants|"
                        r"indemnify|upon|on|between|assist|notify|allow|require)\s+we\b")
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """Return ``n`` (0-999) in words, as contracts write "thirty (30) days"."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens - 2] + ("-" + _UNITS[rest] if rest else "")
    hundreds, rest = divmod(n, 100)
    return _UNITS[hundreds] + " hundred" + (" and " + number_words(rest) if rest else "")


def _days(n: int, name: str) -> str:
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 365:
        raise InvalidRequestError(f"{name} must be a whole number of days from 1 to 365, not {n!r}")
    return f"{number_words(n)} ({n}) {'day' if n == 1 else 'days'}"


def possessive(name: str) -> str:
    lowered = name.lower()
    if lowered in ("you", "your"):
        return "your"
    if lowered in ("we", "us", "our"):
        return "our"
    return name + ("'" if name.endswith("s") else "'s")


def fill(template: str, parties: dict | None = None, notice_days: int = 30,
         deletion_days: int = 14) -> str:
    """Fill a template's fields; a field at the start of a sentence is capitalised."""
    if hasattr(parties, "template_values"):  # an analysis Parties object
        parties = parties.template_values()
    parties = dict(parties or {})
    customer = parties.get("customer") or "Customer"
    provider = parties.get("provider") or "Provider"
    data = parties.get("data") or f"{possessive(customer)} data"
    values = {
        "customer": customer, "provider": provider, "data": data,
        "service": parties.get("service") or DEFAULT_SERVICE,
        # Only a contract that has statements of work gets one named in drafting; without
        # a contract (a bare addendum) the wider wording stays.
        "sow_clause": SOW_CLAUSE if parties.get("statement_of_work", True) else "",
        "notice_days": _days(notice_days, "notice_days"),
        "deletion_days": _days(deletion_days, "deletion_days"),
    }

    def substitute(match: re.Match) -> str:
        value = values[match.group(1)]
        if match.group(2):
            value = possessive(value)
        before = template[:match.start()].rstrip()
        if not before or before[-1] in ".:;!?(" or before.endswith("\n"):
            value = value[:1].upper() + value[1:]
        return value

    text = " ".join(_FIELD.sub(substitute, template).split())
    if {customer.lower(), provider.lower()} & {"you", "we"}:
        text = _PRONOUN_VERB.sub(lambda m: m.group(1) + " " + m.group(2)
                                 + _PLAIN_VERB.get(m.group(3), m.group(3)), text)
        text = _WE_OBJECT.sub(r"\1 us", text)
        # "between Developer and we": the second party of "between" is an object too.
        text = re.sub(r"\b(between\s+(?:the\s+)?\w+(?:\s+\w+)?\s+and)\s+we\b", r"\1 us", text)
        if provider.lower() == "we":
            text = _our_for_its(text, customer)
        # "you and its affiliates" reads "you and your affiliates" ("we" takes "our").
        text = re.sub(r"\b([Yy]ou|[Ww]e|us)\s+(and|or)\s+its\b",
                      lambda m: f"{m.group(1)} {m.group(2)} "
                      + ("your" if m.group(1).lower() == "you" else "our"), text)
    return text


def _our_for_its(text: str, customer: str) -> str:
    """Replace "its" with "our" where the last party named before it is "we", "us" or "our"."""
    refs = re.compile(r"\b(?:(we|us|our)|(its)|(" + re.escape(customer) + r"|you|your))\b",
                      re.I)
    out, last, pos = [], "", 0
    for match in refs.finditer(text):
        if match.group(1):
            last = "we"
        elif match.group(3):
            last = "customer"
        elif last == "we":
            out.append(text[pos:match.start()] + ("Our" if match.group(2)[0] == "I" else "our"))
            pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def render_clause(clause_id: str, parties: dict | None = None, notice_days: int = 30,
                  deletion_days: int = 14, *, library: Library | None = None) -> str:
    """Return a protective clause's text with the parties' names and periods filled in.

    ``parties`` maps ``customer`` (the protected party) and ``provider`` to the names the
    contract defines, and optionally ``data`` to its data term. An audit's ``parties``
    object is accepted too and already speaks for the protected side.
    """
    library = library or load_library()
    clause = library.clauses.get(clause_id)
    if clause is None:
        raise InvalidRequestError(
            f"unknown clause {clause_id!r}; use one of {', '.join(sorted(library.clauses))}"
        )
    parts = [fill(clause.text, parties, notice_days, deletion_days)]
    for letter, sub in zip("abcdefghijklmnop", clause.subclauses):
        parts.append(f"({letter}) " + fill(sub, parties, notice_days, deletion_days))
    return " ".join(parts)


class Addendum(list):
    """The rendered addendum: dicts of ``text``, ``role``, ``level`` and ``number``."""

    def to_text(self) -> str:
        """Return the addendum as plain text, one paragraph per line, numbers in front."""
        lines = []
        for item in self:
            number = item["number"]
            indent = "    " * max(0, item["level"] - 1) if item["role"] == "subclause" else ""
            lines.append(f"{indent}{number + ' ' if number else ''}{item['text']}")
        return "\n\n".join(lines) + "\n"


def render_addendum(customer: str = "Customer", provider: str = "Provider",
                    notice_days: int = 30, deletion_days: int = 14, *,
                    data: str = "", library: Library | None = None) -> Addendum:
    """Return the AI-training addendum: a title, numbered sections, clauses and sub-clauses.

    Section ``n`` gets number "n."; its clauses "n.1", "n.2"; their sub-clauses "(a)" …
    The last section's survival clause names the addendum itself.
    """
    library = library or load_library()
    layout = library.addendum
    if not layout:
        raise InvalidRequestError("the clause library has no addendum.yaml; reinstall termscore")
    # The addendum defines its own data term, so it never falls back to "Customer's data"
    # ("you Data" would read as a typo, so "you" gets "Your Data").
    if not data:
        data = "Your Data" if customer.lower() in ("you", "your") else f"{customer} Data"
    parties = {"customer": customer, "provider": provider, "data": data}
    out = Addendum()
    out.append({"text": fill(layout["title"], parties), "role": "title", "level": 0,
                "number": ""})
    out.append({"text": fill(layout["intro"], parties, notice_days, deletion_days),
                "role": "clause", "level": 0, "number": ""})
    for s, section in enumerate(layout["sections"], start=1):
        out.append({"text": fill(section["heading"], parties), "role": "heading", "level": 1,
                    "number": f"{s}."})
        for c, clause_id in enumerate(section["clauses"], start=1):
            clause = library.clauses[clause_id]
            out.append({"text": fill(clause.text, parties, notice_days, deletion_days),
                        "role": "clause", "level": 2, "number": f"{s}.{c}"})
            for letter, sub in zip("abcdefghijklmnop", clause.subclauses):
                out.append({"text": fill(sub, parties, notice_days, deletion_days),
                            "role": "subclause", "level": 3, "number": f"({letter})"})
    return out


def library_to_dict(library: Library | None = None) -> dict:
    """Return the library as JSON-ready data for GET /api/clauses (templates unfilled)."""
    library = library or load_library()
    rules = []
    for rule in library.rules.values():
        rules.append({
            "id": rule.id, "kind": rule.kind, "title": rule.title,
            "missing_title": rule.missing_title or None, "severity": rule.severity,
            "explanation": rule.explanation, "references": list(rule.references),
            "remedy": {"clause": rule.remedy["clause"]},
            "examples": {"flag": list(rule.examples["flag"]),
                         "pass": list(rule.examples["pass"])},
        })
    clauses = [{"id": c.id, "title": c.title, "summary": c.summary or None,
                "parameters": list(c.parameters), "text": c.text,
                "subclauses": list(c.subclauses)} for c in library.clauses.values()]
    return {"rules": rules, "clauses": clauses,
            "addendum": {"title": library.addendum.get("title"),
                         "sections": [{"heading": s["heading"], "clauses": list(s["clauses"])}
                                      for s in library.addendum.get("sections", [])]}}
