"""Defined terms and the two parties' names, read from the document text.

Definitions take the usual contract forms: ``"Usage Data" means …``, ``(the "Customer")``,
``(collectively, "Feedback")``, and an exclusion that follows a definition
(``"Aggregated Data" does not include …``). Quotes may be straight or typographic, and a
term may contain an apostrophe ("Provider’s Platform").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..clauses.patterns import normalise, to_original
from ..model import Document
from .wordsearch import WordStartPattern

# A quoted term followed by a defining verb. The lazy body lets an apostrophe sit inside a
# single-quoted term: 'Provider's Platform' means ….
_DEFINES = re.compile(
    r"(?<!\w)(?P<q>[\"'])(?P<term>[A-Z][^\"\n]{0,60}?)(?P=q)\s*(?:\)\s*)?"
    r"(?P<verb>means|shall\s+mean|has\s+the\s+meaning|refers\s+to|includes|is\s+defined\s+as|"
    r"does\s+not\s+include|shall\s+not\s+include|excludes)\b",
)
# (the "Customer"), (collectively, "Feedback"), ("GitHub", "We" or "Us").
_PAREN = re.compile(r"\((?:[^()\"]{0,40}?)\"(?P<terms>[^()]{1,120}?)\"\s*\)")
_QUOTED = re.compile(r"\"([^\"]{1,60})\"")
# "GitHub," "We," and "Us" refer to GitHub, Inc.
_QUOTED_LIST = re.compile(r"((?:\"[^\"]{1,40}\"\s*,?\s*(?:and\s+|or\s+)?){2,})"
                          r"(?:refer\s+to|refers\s+to|means|mean)\b")

CUSTOMER_NAMES = ("Customer", "Client", "Company", "Licensee", "Subscriber", "Buyer",
                  "Purchaser", "Member", "Developer", "User", "Sponsor", "Owner")
PROVIDER_NAMES = ("Provider", "Service Provider", "Agency", "Contractor", "Consultant",
                  "Vendor", "Supplier", "Licensor", "Processor", "Seller", "Publisher")
_ROLE_NAMES = re.compile(r"\b(" + "|".join(sorted(map(re.escape, CUSTOMER_NAMES + PROVIDER_NAMES),
                                                    key=len, reverse=True)) + r")\b")
_PRONOUNS = re.compile(r"\b(you|your|we|us|our)\b", re.I)
# Data-giving nouns: a defined term whose definition uses one is treated as data.
_DATA_NOUN = re.compile(
    r"\b(?:data|content|information|inputs?|outputs?|prompts?|materials?|deliverables?|"
    r"feedback|suggestions?|code|logs|metadata|telemetry|submissions?|work\s+product|"
    r"works?\s+of\s+authorship|recordings?|files|documents)\b", re.I)


# Terms that name a thing other than data even when their definition mentions data.
_NOT_DATA = re.compile(r"\b(?:agreement|services?|platform|software|product|claims?|event|"
                       r"attachments?|order|party|parties|affiliates?|law|laws|fees?|term|"
                       r"virus|malware|breach|incident|policy|documentation|system|model|purpose)\b", re.I)


@dataclass
class DefinedTerm:
    """A defined term with its definition and any exclusion that follows it."""

    name: str  # normalised: straight quotes and apostrophes, plain spaces
    written: str = ""  # as the document writes it ("Provider’s Platform")
    definition: str = ""
    exclusions: list[str] = field(default_factory=list)
    index: int | None = None

    @property
    def is_data(self) -> bool:
        """Tell whether the term names data or work: its name says so ("Usage Data"), or
        its definition opens with such a noun ("Suggestions" means code completions …)."""
        if _NOT_DATA.search(self.name):
            return False
        opening = " ".join(self.definition.split()[:6])
        return bool(_DATA_NOUN.search(self.name) or _DATA_NOUN.search(opening))


@dataclass
class Parties:
    """Role names: ``customer`` supplies data or work, ``provider`` receives and uses it."""

    customer: str = "Customer"
    provider: str = "Provider"
    customer_aliases: list[str] = field(default_factory=list)
    provider_aliases: list[str] = field(default_factory=list)
    protected_side: str = "customer"
    side_source: str = "auto"
    data_term: str = ""
    roles_clear: bool = True
    service_term: str = ""
    statement_of_work: bool = True

    @property
    def us(self) -> str:
        return self.customer if self.protected_side == "customer" else self.provider

    @property
    def them(self) -> str:
        return self.provider if self.protected_side == "customer" else self.customer

    def aliases(self, who: str) -> list[str]:
        protected = self.customer_aliases if self.protected_side == "customer" else self.provider_aliases
        other = self.provider_aliases if self.protected_side == "customer" else self.customer_aliases
        return protected if who == "us" else other

    def template_values(self) -> dict[str, str]:
        """Names for clause templates: ``customer`` is always the protected side."""
        return {"customer": display_name(self.us, "Customer"),
                "provider": display_name(self.them, "Provider"),
                "data": self.data_term if self.protected_side == "customer" and self.data_term
                else "",
                "service": self.service_term, "statement_of_work": self.statement_of_work}

    def to_dict(self) -> dict:
        return {"customer": self.customer, "provider": self.provider,
                "protected_side": self.protected_side, "side_source": self.side_source,
                "roles_clear": self.roles_clear, "service_term": self.service_term}


def display_name(name: str, fallback: str) -> str:
    """Return a name usable as a contract party in drafted text.

    A contract that addresses "you" and speaks of "we" keeps those words, and the drafting
    fields make the verb agree ("you own", "we grant"). Only an empty name takes the fallback.
    """
    if not name:
        return fallback
    lowered = name.lower()
    if lowered in {"you", "your"}:
        return "you"
    if lowered in {"we", "us", "our"}:
        return "we"
    return name


def extract_terms(document: Document) -> dict[str, DefinedTerm]:
    """Return the document's defined terms keyed by normalised name.

    ``DefinedTerm.written`` keeps the term exactly as the document writes it.
    """
    terms: dict[str, DefinedTerm] = {}
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        if '"' not in text and "'" not in text:
            continue
        for match in _DEFINES.finditer(text):
            name = match.group("term").strip(" ,.")
            start = match.start("term")
            written = paragraph.text[to_original(offsets, start):
                                     to_original(offsets, start + len(name))]
            verb = " ".join(match.group("verb").split()).lower()
            rest = text[match.end():].strip()
            term = terms.setdefault(name, DefinedTerm(name, written=written,
                                                      index=paragraph.index))
            if verb in ("does not include", "shall not include", "excludes"):
                term.exclusions.append(rest)
            elif not term.definition:
                term.definition = rest
        for match in _PAREN.finditer(text):
            for name in _QUOTED.findall('"' + match.group("terms") + '"'):
                name = name.strip(" ,.")
                if name and name[0].isupper() and len(name) > 1:
                    term = terms.setdefault(name, DefinedTerm(name, index=paragraph.index))
                    if not term.definition:
                        term.definition = text[:match.start()][-200:]
    return terms


def _count(pattern: str, text: str) -> int:
    return WordStartPattern("(?:" + pattern + r")\b").count(text)


def detect_parties(document: Document, terms: dict[str, DefinedTerm],
                   side: str = "auto") -> Parties:
    """Find the two parties' defined terms and which side to protect.

    A role name ("Client", "Agency") counts more when the document defines it. Terms of
    service that say "you" and "we" give customer "you" and provider "we", unless a
    proper name is defined beside the pronoun ("GitHub", "we", or "us"). With
    ``side="auto"`` the customer is protected, unless the contract names the provider's
    data far more often than the customer's.
    """
    text = "\n".join(normalise(p.text)[0] for p in document.paragraphs)
    if side not in ("auto", "customer", "provider"):
        from ..errors import InvalidRequestError

        raise InvalidRequestError(f"side {side!r} is not valid; use customer, provider or auto")
    preamble = preamble_parties(document)
    if preamble:
        return _parties_from_preamble(preamble, text, terms, side)
    counts = Counter(_ROLE_NAMES.findall(text))
    for name in counts:
        if name in terms:
            counts[name] += 50
    customer = max((n for n in CUSTOMER_NAMES if counts[n]), key=lambda n: counts[n], default="")
    provider = max((n for n in PROVIDER_NAMES if counts[n] and n != customer),
                   key=lambda n: counts[n], default="")
    pronouns = Counter(w.lower() for w in _PRONOUNS.findall(text))
    you = pronouns["you"] + pronouns["your"]
    we = pronouns["we"] + pronouns["us"] + pronouns["our"]
    customer_aliases, provider_aliases = [], []

    named_customer, named_provider = _names_beside_pronouns(document)
    if not customer or (you > 3 * counts[customer] and you >= 5):
        customer = customer if customer and counts[customer] > 3 else "you"
    if not provider or (we > 3 * counts[provider] and we >= 5):
        provider = provider if provider and counts[provider] > 3 else "we"
    if named_provider:
        provider = named_provider
    elif provider == "we":
        # Drafting names the other side in the third person, so a provider that calls itself
        # "we" but is named elsewhere ("between you and GitHub") is drafted by that name.
        provider = _name_across_from(text, customer) or provider
    if named_customer and customer in ("you", "User"):
        customer = named_customer
    # Possessives ("your", "our") are left out: they name an owner, never the actor.
    for name, aliases in ((customer, customer_aliases), (provider, provider_aliases)):
        if name.lower() not in ("you", "we"):
            aliases.append(name)
    if you >= 3 or customer == "you" or named_customer:
        customer_aliases.append("you")
    if we >= 3 or provider == "we" or named_provider:
        provider_aliases += ["we", "us"]
    customer = customer or "Customer"
    provider = provider or "Provider"

    return _finish(customer, provider, customer_aliases, provider_aliases, text, terms, side)


_STATEMENT_OF_WORK = WordStartPattern(r"(?:(?i:statements?\s+of\s+work)|SOWs?)\b")


def _finish(customer: str, provider: str, customer_aliases: list[str],
            provider_aliases: list[str], text: str, terms: dict[str, DefinedTerm],
            side: str, roles_clear: bool = True) -> Parties:
    """Pick the data term and the side to protect, and build the ``Parties``."""
    data_term = ""
    for candidate in (f"{customer} Data", f"{customer} Content", f"{customer} Materials",
                      "Customer Data", "Customer Content", "Client Data", "Client Materials"):
        if candidate in terms or _count(re.escape(candidate), text) >= 2:
            data_term = candidate
            break
    protected = side
    if side == "auto":
        protected = "customer"
        if _gives_data(text, provider) > max(1, 2 * _gives_data(text, customer)):
            # The contract is about the provider's data ("Vendor Data"), so the provider
            # is the party whose data is at stake.
            protected = "provider"
    return Parties(customer=customer, provider=provider, customer_aliases=customer_aliases,
                   provider_aliases=provider_aliases, protected_side=protected,
                   side_source="auto" if side == "auto" else "user", data_term=data_term,
                   roles_clear=roles_clear or side != "auto",
                   service_term=service_term(terms, text),
                   statement_of_work=bool(_STATEMENT_OF_WORK.search(text)))


def _parties_from_preamble(preamble: list, text: str, terms: dict[str, DefinedTerm],
                           side: str) -> Parties:
    c, p, clear = _assign_roles(preamble, text)
    customer, provider = preamble[c], preamble[p]
    return _finish(customer.name, provider.name, list(customer.aliases),
                   list(provider.aliases), text, terms, side, clear)


def _gives_data(text: str, party: str) -> int:
    """Count mentions of the party's own data ("Client Data", "Agency's Materials")."""
    if party.lower() in ("you", "we"):
        return 0
    return WordStartPattern(re.escape(party) + r"(?:'s)?\s+(?:Data|Content|Materials|"
                            r"Inputs|Information|Work\s+Product)\b").count(text)


def _names_beside_pronouns(document: Document) -> tuple[str, str]:
    """Return (customer, provider) proper names defined in one parenthesis with a pronoun:
    ``("Education Partner", "you", or "your")`` and ``("GitHub", "we", or "us")``."""
    customer = provider = ""
    for paragraph in document.paragraphs[:80]:
        text, _ = normalise(paragraph.text)
        groups = ['"' + m.group("terms") + '"' for m in _PAREN.finditer(text)]
        groups += [m.group(1) for m in _QUOTED_LIST.finditer(text)]
        for group in groups:
            names = [re.sub(r"^(?:the|a|an)\s+", "", n.strip(" ,."), flags=re.I)
                     for n in _QUOTED.findall(group)]
            lowered = {n.lower() for n in names}
            proper = [n for n in names if n[:1].isupper()
                      and n.lower() not in {"you", "your", "we", "us", "our"}]
            if not proper:
                continue
            if lowered & {"we", "us"} and not provider:
                provider = proper[0]
            elif lowered & {"you", "your"} and not customer:
                customer = proper[0]
    return customer, provider


_ACROSS = r"\bbetween\s+(?:the\s+)?(?:you|{customer})\s+and\s+" \
    r"([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){{0,2}})"


def _name_across_from(text: str, customer: str) -> str:
    """Return the proper name in "between you (or the customer) and X", if the text uses it
    often enough to be a party; "" otherwise. A name after "the" ("and the End User") is a
    role, not the party, so the pattern leaves it out."""
    pattern = _ACROSS.format(customer=re.escape(customer) if customer else "you")
    for match in re.finditer(pattern, text):
        name = match.group(1)
        if name.lower() in _PRONOUN_WORDS or name in CUSTOMER_NAMES:
            continue
        if len(re.findall(r"\b" + re.escape(name) + r"\b", text)) >= 5:
            return name
    return ""


def data_terms(terms: dict[str, DefinedTerm]) -> list[str]:
    """Return defined terms that name data or work (for the ``{DATA}`` placeholder)."""
    return [name for name, term in terms.items()
            if term.is_data and len(name) <= 40 and name.lower() not in {"we", "us", "you"}]


# Preamble: "… by and between Corio Inc. … ("CORIO") and Changepoint, Inc. … ("CHANGEPOINT")",
# "between you ("You") and GitHub, Inc. ("GitHub", "we", or "us")", "Between us, The OpenGov
# Foundation ("OpenGov") and you".
_BETWEEN = re.compile(r"\bbetween\b", re.I)
_PREAMBLE = re.compile(r"^\W*between\b|\b(?:agreement|contract|entered\s+into|made)\b[^.]{0,300}"
                       r"\bbetween$", re.I)
_PARTY_PAREN = re.compile(r"\((?P<body>[^()]{0,120}?\"[^()]{1,120}?)\)")
_HEREINAFTER = re.compile(r"\bhereinafter\s+(?:(?:referred\s+to\s+as|called)\s+)?(?:the\s+)?"
                          r"\"(?P<name>[^\"]{2,40})\"", re.I)
_ENTERED = re.compile(r"\b(?:this|the)\s+[^.]{0,80}?\b(?:agreement|contract)\b[^.]{0,40}?"
                      r"\b(?:is|are)\s+(?:made|entered\s+into)\b", re.I)
_PRONOUN_WORDS = {"you", "your", "we", "us", "our"}
# A sentence end that is not the full stop of "Inc." or "Ltd.".
_PREAMBLE_END = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)(?<!\bL\.L\.C)(?<!\bN\.V)"
                           r"(?<!\bS\.A)\.\s+(?=[A-Z])")
# Quoted terms in a preamble that name the agreement or a date, never a party.
_NOT_PARTY = re.compile(r"^(?:the\s+)?(?:agreement|contract|terms|policy|effective\s+date|date|"
                        r"software|services?|product|platform|order\s+form|addendum|amendment|"
                        r"schedule|exhibit|statement\s+of\s+work|sow|background|recitals?)$", re.I)
_BARE_YOU = re.compile(r"\b(?:and|between)\s+(?:you|yourself)\b|\byou\s*(?:,|\(|and\b)", re.I)
_BARE_US = re.compile(r"\bbetween\s+us\b|\b(?:and|between)\s+(?:we|us)\s*,", re.I)


@dataclass
class _PreambleParty:
    name: str
    aliases: list[str]


def preamble_parties(document: Document) -> list[_PreambleParty]:
    """Return the two contracting parties named in the preamble, in the order given.

    Only the first sentence that says "between" within the opening paragraphs counts,
    and only names it defines in quotes (or "you" and "us" themselves). Role words used
    elsewhere ("ASP means Application Service Provider") are never parties.
    """
    for paragraph in document.paragraphs[:60]:
        text, _ = normalise(paragraph.text)
        match = _BETWEEN.search(text)
        if not match or not _PREAMBLE.search(text[:match.end()]):
            # "This Agreement is entered into … X ("X") … and Y ("Y")", with no "between".
            match = _ENTERED.search(text)
            if not match:
                continue
        stop = _PREAMBLE_END.search(text, match.end())
        sentence = text[match.start(): stop.start() if stop else len(text)]
        parties: list[_PreambleParty] = []
        pronoun_you = bool(_BARE_YOU.search(sentence))
        pronoun_us = bool(_BARE_US.search(sentence))
        found = [(m.start(), m.group("body")) for m in _PARTY_PAREN.finditer(sentence)]
        found += [(m.start(), '"' + m.group("name") + '"') for m in _HEREINAFTER.finditer(sentence)]
        for _, body in sorted(found):
            names = [re.sub(r"^(?:the|a|an)\s+", "", n.strip(" ,."), flags=re.I)
                     for n in _QUOTED.findall(body)]
            names = [n for n in names if n and not _NOT_PARTY.match(n)]
            if not names:
                continue
            proper = [n for n in names if n.lower() not in _PRONOUN_WORDS]
            pronouns = [n.lower() for n in names if n.lower() in _PRONOUN_WORDS]
            if proper:
                name = _usual_case(proper[0], document)
                aliases = [name] + [_usual_case(n, document) for n in proper[1:]]
                if set(pronouns) & {"we", "us", "our"}:
                    aliases += ["we", "us"]
                elif set(pronouns) & {"you", "your"}:
                    aliases.append("you")
            else:
                name = "you" if set(pronouns) & {"you", "your"} else "we"
                aliases = ["you"] if name == "you" else ["we", "us"]
            if all(p.name.lower() != name.lower() for p in parties):
                parties.append(_PreambleParty(name, aliases))
        if len(parties) == 1 and pronoun_you and parties[0].name != "you":
            parties.append(_PreambleParty("you", ["you"]))
            if pronoun_us and "we" not in parties[0].aliases:
                parties[0].aliases += ["we", "us"]
        if len(parties) >= 2:
            # "between A ("A"), as agent for B ("B"), and C ("C")": the parties are the
            # first and the last defined.
            return [parties[0], parties[-1]]
    return []


def _usual_case(name: str, document: Document) -> str:
    """Return "Corio" for a name defined as "CORIO" when the text mostly writes "Corio"."""
    if not name.isupper() or len(name) < 3:
        return name
    title = name.title()
    pattern = re.compile(r"\b" + re.escape(title) + r"\b")
    hits = sum(len(pattern.findall(p.text)) for p in document.paragraphs)
    return title if hits >= 2 else name


_PROVIDES = (r"(?:'s)?\s+(?:proprietary\s+|own\s+)?(?:software|products?|platform|technology|"
             r"services|solution)\b|\s+(?:shall|will|agrees\s+to)\s+(?:provide|perform|deliver|"
             r"host|license|supply|make\s+available)\b|\s+(?:hereby\s+)?grants\b")
_PAYS = (r"\s+(?:shall|will|agrees\s+to)\s+pay\b|\s+(?:shall|will)\s+(?:provide|supply|"
         r"upload|submit)\s+(?:the\s+)?(?:data|content|materials)\b")


def _provider_signal(name: str, text: str) -> int:
    """Count phrases that mark ``name`` as the party that provides (minus those of a payer)."""
    if name.lower() in _PRONOUN_WORDS:
        return 0
    escaped = re.escape(name) + r"\b"
    provides = WordStartPattern(escaped + "(?:" + _PROVIDES + ")", re.I).count(text)
    pays = WordStartPattern(escaped + "(?:" + _PAYS + ")", re.I).count(text)
    return provides - pays


def _assign_roles(parties: list[_PreambleParty], text: str) -> tuple[int, int, bool]:
    """Return (customer index, provider index, clear) for two preamble parties."""
    names = [p.name for p in parties]
    for i, name in enumerate(names):
        aliases = {a.lower() for a in parties[i].aliases}
        if name in CUSTOMER_NAMES or aliases & {n.lower() for n in CUSTOMER_NAMES}:
            return i, 1 - i, True
        if name in PROVIDER_NAMES or aliases & {n.lower() for n in PROVIDER_NAMES}:
            return 1 - i, i, True
    # The reader of terms addressed to "you" is the party TermScore speaks for.
    if "you" in names:
        i = names.index("you")
        return i, 1 - i, True
    signals = [_provider_signal(n, text) for n in names]
    if abs(signals[0] - signals[1]) >= 2:
        provider = 0 if signals[0] > signals[1] else 1
        return 1 - provider, provider, True
    return 0, 1, False


# Terms a contract uses for what the provider supplies, in order of preference.
SERVICE_TERMS = ("Services", "Service", "Cloud Service", "Cloud Services", "Platform",
                 "Product", "Products", "Subscription Service", "Subscription Services",
                 "Software", "Solution", "Work", "Deliverables")


def service_term(terms: dict[str, DefinedTerm], text: str) -> str:
    """Return the contract's defined term for what is supplied ("the Product"), or "".

    A defined term wins; otherwise the capitalised term written most often (a capital
    letter mid-sentence marks a term the parties use as defined). Callers fall back to
    "the services under this Agreement".
    """
    defined = [t for t in SERVICE_TERMS if t in terms]
    if defined:
        return "the " + defined[0]
    counts = {t: WordStartPattern(r"the\s+" + re.escape(t) + r"\b").count(text)
              for t in SERVICE_TERMS}
    best = max(counts, key=lambda t: counts[t])
    return "the " + best if counts[best] else ""
