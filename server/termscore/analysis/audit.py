"""Audit a document: risk findings, protections present or missing, score and jurisdiction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import __version__
from ..clauses.library import Library, Rule, load_library
from ..clauses.patterns import normalise
from ..clauses.render import fill, render_clause
from ..errors import EmptyDocumentError, InvalidRequestError
from ..model import Document, Paragraph
from ..results import Message
from . import score as scoring
from .clauses import ClauseUnit, has_sub_item_label, is_sub_item, make_unit, segment_units
from .detect import Detector, Hit, PreparedUnit, placeholders_for, prepare
from .jurisdiction import detect_jurisdiction
from .locate import finding_id, insert_before_end, location, tidy
from .terms import Parties, data_terms, detect_parties, extract_terms
from .cuad import case_insensitive_gate, fold_for_gate
from .wordsearch import PhraseIndex

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
STORY_ORDER = ("body", "textbox", "header", "footer", "footnote", "endnote", "comment")
MIN_WORDS = 20  # fewer words than this cannot hold a contract worth scoring
MIN_RELATED = 2  # points a clause needs to host a missing protection (see _insertion_point)
_OPENING = 80  # characters of a clause that hold its title (see _insertion_point)
DEFAULT_OPTIONS = {"notice_days": 30, "deletion_days": 14, "story": "all", "cuad": True}


@dataclass
class Finding:
    """A risk found in the text, or a protection the contract lacks (``kind`` "missing")."""

    id: str
    rule: str
    kind: str
    severity: str
    title: str
    explanation: str
    references: list[str]
    location: dict
    suggestion: dict
    contribution: float = 0.0
    warnings: list[Message] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "rule": self.rule, "kind": self.kind, "severity": self.severity,
                "title": self.title, "explanation": self.explanation,
                "references": list(self.references), "location": dict(self.location),
                "suggestion": dict(self.suggestion), "contribution": self.contribution,
                "warnings": [w.to_dict() for w in self.warnings]}


@dataclass
class Protection:
    """Whether the contract contains one protection, and where."""

    id: str
    title: str
    present: bool
    location: dict | None = None
    warnings: list[Message] = field(default_factory=list)
    applicable: bool = True

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "present": self.present,
                "applicable": self.applicable, "location": self.location,
                "warnings": [w.to_dict() for w in self.warnings]}


@dataclass
class AuditResult:
    """Everything an audit produces; ``to_dict`` gives the JSON shape of the API and CLI."""

    document: dict
    score: int
    grade: str
    parties: Parties
    findings: list[Finding]
    protections: list[Protection]
    cuad: list[dict]
    jurisdiction: dict
    score_breakdown: dict
    warnings: list[Message] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "version": __version__, "document": dict(self.document), "score": self.score,
            "grade": self.grade, "parties": self.parties.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "protections": [p.to_dict() for p in self.protections],
            "cuad": list(self.cuad), "jurisdiction": dict(self.jurisdiction),
            "score_breakdown": dict(self.score_breakdown),
            "warnings": [w.to_dict() for w in self.warnings],
        }


class _Context:
    """Per-audit state shared by the steps below."""

    def __init__(self, document: Document, library: Library, parties: Parties,
                 detector: Detector, options: dict):
        self.document = document
        self.library = library
        self.parties = parties
        self.detector = detector
        self.options = options
        self.values = parties.template_values()
        self.prepared: list[PreparedUnit] = []
        self.anchors = _anchor_candidates(document)
        self.anchor_keys = {(p.part, p.index) for p in self.anchors}
        self.body = document.story("body")
        self.body_position = {(p.part, p.index): n for n, p in enumerate(self.body)}
        self._text: str | None = None
        self._related: PhraseIndex | None = None
        self._applies: dict[str, bool] = {}
        self._folded: str | None = None
        self._units_by_rule: dict[str, list[PreparedUnit]] | None = None

    def units_for(self, rule_id: str) -> list[PreparedUnit]:
        """Return the prepared units, in order, whose keywords make ``rule_id`` worth running."""
        if self._units_by_rule is None:
            self._units_by_rule = {}
            for item in self.prepared:
                for wanted in self.detector.unit_rules(item):
                    self._units_by_rule.setdefault(wanted, []).append(item)
        return self._units_by_rule.get(rule_id, [])

    def related_index(self) -> PhraseIndex:
        """Return the phrase index of the prepared units' lowered text, built once."""
        if self._related is None:
            self._related = PhraseIndex([item.text.lower() for item in self.prepared])
        return self._related

    def applies(self, rule: Rule) -> bool:
        """Tell whether a protection applies to this contract (its ``applies_when``)."""
        if not rule.applies_when:
            return True
        if self._text is None:
            self._text = "\n".join(normalise(p.text)[0] for p in self.document.paragraphs)
        for source in rule.applies_when:
            found = self._applies.get(source)
            if found is None:
                pattern = self.pattern(source)
                # A literal gate skips the scan of a long text that cannot match, which is
                # the slow case: a contract without the words (one in another language).
                gate = case_insensitive_gate(pattern)
                if gate is not None and self._folded is None:
                    self._folded = fold_for_gate(self._text)
                if gate is not None and not any(word in self._folded for word in gate):
                    found = False
                else:
                    found = pattern.search(self._text) is not None
                self._applies[source] = found
            if found:
                return True
        return False

    def pattern(self, source: str):
        return self.detector.pattern(source)

    def fill(self, template: str) -> str:
        return fill(template, self.values, self.options["notice_days"],
                    self.options["deletion_days"])

    def clause(self, clause_id: str) -> str:
        return render_clause(clause_id, self.values, self.options["notice_days"],
                             self.options["deletion_days"], library=self.library)

    def fires(self, rule: Rule, text: str) -> bool:
        """Tell whether ``rule`` still matches ``text`` read as a paragraph of its own."""
        probe = Paragraph(story="body", part="probe", index=0, text=text, original=text)
        return bool(self.detector.run(rule, prepare(make_unit([probe]))))


def _options(options: dict | None) -> dict:
    merged = dict(DEFAULT_OPTIONS)
    for key, value in (options or {}).items():
        if key not in DEFAULT_OPTIONS:
            raise InvalidRequestError(
                f"unknown audit option {key!r}; use one of {', '.join(DEFAULT_OPTIONS)}"
            )
        merged[key] = value
    for key in ("notice_days", "deletion_days"):
        value = merged[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 365:
            raise InvalidRequestError(f"{key} must be a whole number from 1 to 365, not {value!r}")
    return merged


def select_rules(library: Library, rules) -> list[Rule]:
    """Return the rules named (a list or a comma-separated string), or all for None."""
    if rules is None:
        return list(library.rules.values())
    if isinstance(rules, str):
        rules = [r for r in rules.split(",") if r.strip()]
    wanted = [r.strip() for r in rules]
    unknown = [r for r in wanted if r not in library.rules]
    if unknown:
        raise InvalidRequestError(
            f"unknown rule id {', '.join(unknown)}; use one of {', '.join(sorted(library.rules))}"
        )
    return [library.rules[r] for r in wanted]


# Suggestions ---------------------------------------------------------------------------

def _rewrite(ctx: _Context, rule: Rule, text: str) -> str:
    """Apply the rule's rewrites, such as removing "perpetual, irrevocable" or turning
    "may" into "shall not"."""
    for rewrite in rule.remedy.get("rewrites", []):
        pattern = ctx.detector.pattern(rewrite["pattern"])
        # The replacement is a re.sub template, so "\1" in the YAML keeps a group.
        replacement = rewrite["replace"]
        if "{" in replacement:
            replacement = ctx.fill(replacement)
        text = _substitute(pattern, replacement, text)
    return text


_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_JOINER = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?", re.I)
# A replacement of this many words is a narrowing phrase. A shorter one ("shall not") swaps
# words and may apply at every match.
_PHRASE_WORDS = 4


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


def _substitute(pattern: re.Pattern, template: str, text: str) -> str:
    """Return ``pattern.sub(template, text)``, adding a narrowing phrase once per sentence.

    One pattern often lists several wordings of an open grant ("in any way we want",
    "without restriction"), and a sentence may use two of them. Only the first match
    gets the phrase. A later match in the same sentence, or one in a sentence that
    already contains the phrase, is deleted together with the comma or "and" that
    joins it to the phrase.
    """
    out: list[str] = []
    position = 0
    placed_end: int | None = None  # end of the last match that received the phrase
    for match in pattern.finditer(text):
        replacement = match.expand(template)
        gap = text[position:match.start()]
        if len(replacement.split()) >= _PHRASE_WORDS:
            low, high = _sentence_bounds(text, match.start(), match.end())
            sentence = text[low:match.start()] + text[match.end():high]
            repeated = placed_end is not None and placed_end >= low
            if repeated or replacement.strip().lower() in sentence.lower():
                if repeated and placed_end == position and _JOINER.fullmatch(gap):
                    gap = ""
                replacement = ""
            else:
                placed_end = match.end()
        out.append(gap + replacement)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _suggest(ctx: _Context, rules: list[Rule], hit: Hit, paragraph: Paragraph,
             start: int, end: int) -> dict:
    """Return the smallest edit of [start, end) that removes the risks of ``rules``.

    Every rule's rewrites run first. Then each rule whose risk the rewritten text still
    carries gets a further remedy. A list sub-item that is nothing but the risk is
    deleted. Otherwise the rule's narrowing phrase is appended, and a rule without one
    replaces the sentence with its protective clause.
    """
    quote = paragraph.text[start:end]
    clause_id = rules[0].remedy["clause"]
    if hit.proviso:
        # The proviso re-opens what the prohibition before it closed; deleting it leaves
        # the prohibition whole.
        return {"action": "delete", "text": "", "clause": clause_id}
    text = quote
    for rule in rules:
        text = _rewrite(ctx, rule, text)
    text = tidy(text)
    whole = quote.strip() == paragraph.text.strip()
    sub_item = has_sub_item_label(paragraph)
    for rule in rules:
        if text != quote and not ctx.fires(rule, text):
            continue  # the rewrites removed this rule's risk
        if whole and sub_item:
            return {"action": "delete", "text": "", "clause": clause_id}
        if not rule.remedy.get("append"):
            return {"action": "replace", "text": ctx.clause(rule.remedy["clause"]),
                    "clause": clause_id}
        append = ctx.fill(rule.remedy["append"])
        text, append = _move_leading_purpose(text, append)
        text = _add_phrase(text, append)
    return {"action": "replace", "text": text, "clause": clause_id}


_WORD = re.compile(r"[\w\u2019']+")
_MERGE_WORDS = 5  # words a phrase must share with the sentence before the two are merged
_ADVERBS = {"solely", "only", "exclusively"}
_NEARBY_WORDS = 3  # words before a shared run that may already hold the phrase's first words


def _add_phrase(text: str, phrase: str) -> str:
    """Add a narrowing phrase to a sentence without repeating words the sentence has.

    When the sentence already contains a run of at least five of the phrase's words (an
    earlier rewrite wrote "solely to provide the Services to Customer"), only the
    phrase's missing words are added around that run. A phrase that excludes improving
    the provider's products first takes the improving verbs out of a purpose list such
    as "to operate, improve and support", which it would otherwise contradict.
    """
    if re.search(r"\bexcluding\b.*\b" + _IMPROVING, phrase, re.I):
        text = _VERB_LIST.sub(_drop_improving, text)
    core = phrase.lstrip(", ")
    merged = _merge_phrase(text, core)
    return merged if merged is not None else insert_before_end(text, phrase)


def _merge_phrase(text: str, core: str) -> str | None:
    """Return ``text`` with ``core`` merged into its longest shared word run, or None."""
    phrase_words = list(_WORD.finditer(core))
    text_words = list(_WORD.finditer(text))
    best = (0, 0, 0)  # (length, index in phrase, index in text)
    for i in range(len(phrase_words)):
        for j in range(len(text_words)):
            n = 0
            while (i + n < len(phrase_words) and j + n < len(text_words)
                   and phrase_words[i + n].group().lower() == text_words[j + n].group().lower()):
                n += 1
            if n > best[0]:
                best = (n, i, j)
    n, i, j = best
    if n < min(_MERGE_WORDS, len(phrase_words)):
        return None
    prefix = core[:phrase_words[i].start()]
    suffix = core[phrase_words[i + n - 1].end():]
    start, end = text_words[j].start(), text_words[j + n - 1].end()
    leading = {w.group().lower() for w in phrase_words[:i]}
    nearby = {w.group().lower() for w in text_words[max(0, j - _NEARBY_WORDS):j]}
    if leading <= nearby:
        prefix = ""  # "excluding the training of …" already reads "excluding training of …"
    elif not leading <= _ADVERBS:
        return None  # the shared run is in the middle of the phrase: a different statement
    if text[:start].lower().endswith(prefix.lower()):
        prefix = ""
    if text[end:].lower().startswith(suffix.lower()):
        suffix = ""
    return text[:start] + prefix + text[start:end] + suffix + text[end:]


# "to operate, improve and support": a list of purpose verbs after "to".
_VERB_LIST = re.compile(r"\bto\s+(?P<items>[a-z]+(?:,\s*[a-z]+)*,?\s+(?P<conj>and|or)\s+[a-z]+)\b")


def _drop_improving(match: re.Match) -> str:
    items = [w for w in re.split(r",?\s+(?:and|or)\s+|,\s*", match.group("items")) if w]
    kept = [w for w in items if not re.fullmatch(_IMPROVING, w, re.I)]
    if not kept or len(kept) == len(items):
        return match.group()
    if len(kept) == 1:
        return "to " + kept[0]
    return "to " + ", ".join(kept[:-1]) + f" {match.group('conj')} " + kept[-1]


# "In order to operate and improve Marketplace, GitHub may collect …": a purpose stated
# before the grant.
_LEADING_PURPOSE = re.compile(r"^(\s*)(?:in\s+order\s+)?to\s+"
                              r"(?!(?:the|a|an|such|this|that|its|our|their|any)\b)"
                              r"(?P<purpose>[^;.]{3,80}?),\s+(?=(?-i:[A-Z]))", re.I)
_IMPROVING = r"(?:improve|enhance|develop)"


def _move_leading_purpose(text: str, append: str) -> tuple[str, str]:
    """Return the sentence and narrowing phrase with a leading purpose clause settled.

    Appending "solely to provide …" after "In order to … improve …" would contradict the
    sentence, so the purpose clause is removed. What remains of its purpose once the
    improving verbs are gone becomes the narrowing phrase ("solely to operate
    Marketplace"); a purpose that was only improvement leaves the rule's own phrase.
    """
    # NOTE: only a purpose clause that opens the sentence is handled; "may collect Usage
    # Data in order to improve Marketplace" still gets the rule's phrase appended.
    match = _LEADING_PURPOSE.match(text)
    if not match or "solely to" not in append:
        return text, append
    rest = text[match.end():]
    text = match.group(1) + rest[:1].upper() + rest[1:]
    purpose = re.sub(r",\s*" + _IMPROVING + r"\s+and\s+", " and ", match.group("purpose"),
                     flags=re.I)
    purpose = re.sub(r",?\s+(?:and\s+|or\s+)?" + _IMPROVING + r"\b", "", purpose, flags=re.I)
    if re.match(_IMPROVING, purpose, re.I):
        return text, append
    return text, f", solely to {purpose} and not for any other purpose"


# Steps ---------------------------------------------------------------------------------

def _risk_findings(ctx: _Context, rules: list[Rule], prepared: list[PreparedUnit],
                   eu_note: str | None) -> list[Finding]:
    """Run the risk rules and build one finding per rule and quoted span, in document order.

    Rules that quote the same span share one suggestion that removes all their risks.
    """
    grouped: dict[tuple, list[tuple[Rule, Hit, Paragraph]]] = {}
    order: list[tuple] = []
    for item in prepared:
        wanted = ctx.detector.unit_rules(item)
        for rule in rules:
            if rule.kind != "risk" or rule.id not in wanted:
                continue
            for hit in ctx.detector.run(rule, item):
                paragraph, start = hit.unit.locate(hit.quote_start)
                end = start + (hit.quote_end - hit.quote_start)
                key = (paragraph.story, paragraph.part, paragraph.index, start, end)
                if key not in grouped:
                    grouped[key] = []
                    order.append(key)
                grouped[key].append((rule, hit, paragraph))

    findings: list[Finding] = []
    used_ids: set[str] = set()
    for key in order:
        entries = sorted(grouped[key], key=lambda e: SEVERITY_ORDER[e[0].severity])
        _, _, _, start, end = key
        paragraph = entries[0][2]
        suggestion = _suggest(ctx, [e[0] for e in entries], entries[0][1], paragraph, start, end)
        batch = []
        for rule, hit, _ in entries:
            loc, unique = location(paragraph, start, end)
            fid = finding_id(rule.id, loc["quote"])
            n = 2
            while fid in used_ids:
                fid = f"{finding_id(rule.id, loc['quote'])}-{n}"
                n += 1
            used_ids.add(fid)
            warnings = []
            if not unique:
                warnings.append(Message("search_key_not_unique",
                                        "No substring of the quote is unique in its paragraph; "
                                        "use the offsets to find it."))
            if paragraph.locked:
                warnings.append(Message("locked_content",
                                        "The clause is inside a locked content control and "
                                        "cannot be edited until it is unlocked."))
            explanation = ctx.fill(rule.explanation)
            references = list(rule.references)
            if hit.proviso:
                explanation = ("A proviso or exception re-opens a prohibition here. "
                               + explanation)
            if eu_note and rule.data_use:
                explanation += " " + eu_note
                if not any(r.startswith("GDPR Art. 5(1)(b)") for r in references):
                    references.append("GDPR Art. 5(1)(b) (purpose limitation)")
            batch.append(Finding(id=fid, rule=rule.id, kind="risk", severity=rule.severity,
                                 title=rule.title, explanation=explanation,
                                 references=references, location=loc,
                                 suggestion=dict(suggestion), warnings=warnings))
        if len(batch) > 1:
            # The first (most severe) finding carries the edit that removes every risk of
            # the span. The others point to it, so applying all suggestions edits once.
            primary = batch[0]
            ids = [f.id for f in batch]
            for finding in batch:
                if finding is not primary:
                    finding.suggestion = {"action": "none", "see": primary.id,
                                          "clause": suggestion.get("clause")}
                finding.warnings.append(Message(
                    "shared_suggestion",
                    "Findings " + ", ".join(ids) + " cover the same text; the suggestion of "
                    f"{primary.id} removes all their risks."))
        findings.extend(batch)
    return findings


_DRAFTING_NOTE = re.compile(r"^\s*\[|\bdrafting\s+note\b", re.I)
_SIGNATURE = re.compile(r"^[\s_]*(?:in\s+witness\b|signature\b|signed\b|by:|name:|title:|date\b|"
                        r"(?:provider|customer|client|company|licensee|licensor)\s*:)", re.I)
_DEFINITIONS_HEADING = re.compile(r"\b(?:definitions?|interpretation|defined\s+terms)\b", re.I)
_DEFINES_TERM = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?[\"\u201c'][^\"\u201d]{1,80}[\"\u201d']"
                           r"\s*(?:\([^)]*\)\s*)?(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|"
                           r"is\s+defined\s+as|includes)\b", re.I)


def _heading_only(paragraph: Paragraph) -> bool:
    """Tell whether a paragraph is a bare heading ("Definitions", "12. Termination")."""
    text = paragraph.text.strip()
    return len(text) < 60 and (bool(paragraph.heading_level)
                               or not text.endswith((".", ";", ":")))


def _anchor_candidates(document: Document) -> list[Paragraph]:
    """Return the body paragraphs after which a clause may go, in document order.

    A table cell, a cover-page or order-form field, a locked content control, a
    definition, a drafting note, a heading, a signature block and anything in a
    definitions section are left out:
    a clause inserted there would read as part of that field or definition.
    """
    out = []
    in_definitions = False
    body = document.story("body")
    for position, paragraph in enumerate(body):
        text = paragraph.text.strip()
        if not text:
            continue
        if (_SIGNATURE.match(text) and not paragraph.in_table
                and position >= len(body) // 2):
            break  # the signature block ends the terms; nothing after it is a clause
        if _heading_only(paragraph):
            in_definitions = bool(_DEFINITIONS_HEADING.search(text))
            continue
        if (paragraph.in_table or paragraph.locked or in_definitions
                or _DEFINES_TERM.match(text)
                or _DRAFTING_NOTE.search(text) or _SIGNATURE.match(text) or len(text) < 40):
            continue
        out.append(paragraph)
    return out


def _next_text_paragraph(ctx: _Context, paragraph: Paragraph) -> Paragraph | None:
    """Return the first body paragraph with text after ``paragraph``, or None."""
    position = ctx.body_position.get((paragraph.part, paragraph.index))
    if position is None:
        return None
    return next((p for p in ctx.body[position + 1:] if p.text.strip()), None)


def _is_lead_in(ctx: _Context, paragraph: Paragraph) -> bool:
    """Tell whether a paragraph introduces a list ("… based on:") that follows it.

    A clause inserted after a lead-in would separate it from its items, and after Accept
    All the items would read as the new clause's.
    """
    if paragraph.text.rstrip().endswith(":"):
        return True
    following = _next_text_paragraph(ctx, paragraph)
    return following is not None and is_sub_item(following, paragraph)


_SENTENCE_CLOSED = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def _clause_extent(ctx: _Context, unit: ClauseUnit) -> list[Paragraph]:
    """Return the unit's paragraphs followed by the body paragraphs that are its items.

    A unit can stop short of its items. Paragraphs in a heading style each form a unit of
    their own, even when the list numbering makes "a.", "b." items of clause "7.1". A
    Markdown or plain-text bullet list after "… must:" reaches the model without labels.
    So unlabelled paragraphs after a lead-in that ends with ":" count as its items, up to
    the first one that ends a sentence or opens a list of its own.
    """
    paragraphs = list(unit.paragraphs)
    lead = paragraphs[0]
    in_list = False  # the last paragraph taken is an unlabelled item
    while True:
        previous = paragraphs[-1]
        following = _next_text_paragraph(ctx, previous)
        if following is None:
            break
        if is_sub_item(following, lead):
            in_list = False
        elif _unlabelled_item(previous, following, in_list):
            in_list = True
        else:
            break
        paragraphs.append(following)
    return paragraphs


def _unlabelled_item(previous: Paragraph, following: Paragraph, in_list: bool) -> bool:
    """Tell whether ``following`` continues an unlabelled list that ``previous`` opens or is in."""
    text = following.text.rstrip()
    if following.label or following.heading_level or following.in_table != previous.in_table:
        return False
    if text.endswith(":"):
        return False  # "Use of Personal Data: … developers are prohibited from:" is a new lead-in
    before = previous.text.rstrip()
    return before.endswith(":") or (in_list and not _SENTENCE_CLOSED.search(before))


def _clause_anchor(ctx: _Context, unit: ClauseUnit) -> Paragraph | None:
    """Return the paragraph after which a clause may follow ``unit``, or None.

    That is the clause's last paragraph. When it cannot be an anchor (a table cell, a
    locked content control), it is the last paragraph that can and is not a lead-in.
    An item of the clause may be too short to be an anchor on its own ("(c) fraud.")
    and still end the clause.
    """
    # NOTE: the redline layer gives an inserted clause its anchor's list numbering, so a
    # clause placed after item "c." of clause 7.1 is numbered "d." rather than "7.2".
    allowed = ctx.anchor_keys
    if not any((p.part, p.index) in allowed for p in unit.paragraphs):
        return None  # a heading or table unit does not host a clause
    extent = _clause_extent(ctx, unit)
    for position in range(len(extent) - 1, -1, -1):
        paragraph = extent[position]
        if _is_lead_in(ctx, paragraph):
            continue
        if (paragraph.part, paragraph.index) in allowed:
            return paragraph
        if position > 0 and _ends_clause(paragraph):
            return paragraph
    return None


def _ends_clause(paragraph: Paragraph) -> bool:
    """Tell whether an item that follows an anchor may itself be an anchor."""
    text = paragraph.text.strip()
    return not (paragraph.in_table or paragraph.locked or _DRAFTING_NOTE.search(text)
                or _SIGNATURE.match(text))


def _insertion_point(ctx: _Context, rule: Rule) -> Paragraph | None:
    """Return the paragraph after which a missing protection goes.

    That is the last paragraph of the clause that mentions most of the rule's related
    phrases (a phrase in the clause's opening words counts three times, as it is
    usually the clause's title), sub-items included. Without one, it is the last body
    paragraph before the definitions and signature blocks. A lead-in that ends with ":"
    or is followed by its sub-items is never returned, unless every candidate is one.
    """
    candidates = ctx.anchors
    if not candidates:
        return None
    index = ctx.related_index()
    # Phrases match at a word start: "train" must not match "constraint".
    points: dict[int, int] = {}
    for phrase in [phrase.lower() for phrase in rule.remedy.get("related", [])]:
        opening: dict[int, bool] = {}
        for number, offset in index.hits(phrase):
            opening[number] = opening.get(number, False) or offset + len(phrase) <= _OPENING
        for number, in_opening in opening.items():
            points[number] = points.get(number, 0) + (3 if in_opening else 1)
    best, best_score = None, 0
    for number in sorted(points):
        if points[number] <= best_score:
            continue
        anchor = _clause_anchor(ctx, ctx.prepared[number].unit)
        if anchor is not None:
            best, best_score = anchor, points[number]
    # One passing mention ("compliance" in a user-accounts clause) is no relation.
    if best_score >= MIN_RELATED:
        return best
    return next((p for p in reversed(candidates) if not _is_lead_in(ctx, p)), candidates[-1])


def _protections(ctx: _Context, rules: list[Rule], prepared: list[PreparedUnit]):
    protections: list[Protection] = []
    missing: list[Finding] = []
    for rule in rules:
        if rule.kind != "protection":
            continue
        hit = next((h for item in ctx.units_for(rule.id)
                    for h in ctx.detector.run(rule, item)), None)
        if hit is not None:
            paragraph, start = hit.unit.locate(hit.quote_start)
            loc, _ = location(paragraph, start, start + hit.quote_end - hit.quote_start)
            warnings = []
            advice = rule.detect.get("advice")
            if advice:
                pattern = ctx.detector.pattern(advice["pattern"])
                if not pattern.search(prepare(hit.unit).text):
                    warnings.append(Message(f"{rule.id}_incomplete", advice["message"],
                                            loc.get("label") or None))
            protections.append(Protection(rule.id, rule.title, True, loc, warnings))
            continue
        if not ctx.applies(rule):
            # The contract has nothing the protection would protect (no deliverables,
            # no data received), so its absence is no fault.
            protections.append(Protection(rule.id, rule.title, False, None, applicable=False))
            continue
        anchor = _insertion_point(ctx, rule)
        position = "after"
        if anchor is not None:
            loc, _ = location(anchor, None, None)
        else:
            body = [p for p in ctx.document.story("body") if p.text.strip()]
            last = body[-1] if body else None
            position = "end"
            loc = {"story": "body", "part": last.part if last else None,
                   "index": last.index if last else None,
                   "label": "end of document", "start": None, "end": None, "quote": None,
                   "search_key": None}
        protections.append(Protection(rule.id, rule.title, False, None))
        missing.append(Finding(
            id=f"missing:{rule.id}", rule=rule.id, kind="missing", severity=rule.severity,
            title=rule.missing_title or f"Missing: {rule.title}",
            explanation=ctx.fill(rule.missing_explanation or rule.explanation),
            references=list(rule.references), location=loc,
            suggestion={"action": "insert", "position": position,
                        "text": ctx.clause(rule.remedy["clause"]),
                        "clause": rule.remedy["clause"]}))
    return protections, missing


def _display_order(finding: Finding) -> tuple:
    """Sort key: severity, then risks before missing protections, then document position."""
    loc = finding.location
    story = loc.get("story") or "body"
    index = loc.get("index")
    return (SEVERITY_ORDER[finding.severity], finding.kind != "risk",
            STORY_ORDER.index(story) if story in STORY_ORDER else len(STORY_ORDER),
            loc.get("part") or "", index if index is not None else 1 << 30,
            loc.get("start") or 0)


def _cuad(units: list[ClauseUnit], document: Document, warnings: list[Message]) -> list[dict]:
    try:
        from .cuad import tag_cuad
    except ImportError:
        return []
    try:
        return list(tag_cuad(units, document))
    except Exception as exc:  # noqa: BLE001 - CUAD tags are extra; the audit stands without them
        warnings.append(Message("cuad_failed", f"CUAD tagging failed and was skipped: {exc}"))
        return []


def audit(document: Document, *, side: str = "auto", rules=None,
          options: dict | None = None, library: Library | None = None) -> AuditResult:
    """Audit ``document`` and return findings, protections, score and jurisdiction notes.

    ``side`` is the party to protect: "customer" (the party whose data or work is at
    stake), "provider", or "auto" (the roles the preamble gives, else the role words;
    a ``party_roles_unclear`` warning when they cannot be told). ``rules`` limits the rules run to the
    given ids; a protection not run is neither reported present nor missing. ``options``
    may set ``notice_days`` and ``deletion_days`` (defaults 30 and 14) for suggestions,
    ``story`` ("all" or one story) and ``cuad`` (False skips CUAD tagging).
    """
    opts = _options(options)
    library = library or load_library()
    selected = select_rules(library, rules)
    warnings = list(document.warnings)
    words = sum(len(p.text.split()) for p in document.paragraphs)
    if not words:
        raise EmptyDocumentError(
            f"the document contains no text to audit: {document.name or 'the input'} has no "
            "words in its body, notes, headers or footers; open the contract itself and try "
            "again")
    if words < MIN_WORDS:
        warnings.append(Message("too_little_text",
                                f"too little text for a meaningful score: {words} words; a "
                                f"contract has at least {MIN_WORDS}"))

    terms = extract_terms(document)
    parties = detect_parties(document, terms, side)
    if not parties.roles_clear:
        warnings.append(Message(
            "party_roles_unclear",
            f"party roles unclear; choose --side: the contract names {parties.customer} and "
            f"{parties.provider} but does not say which one supplies the data or work. "
            f"The audit reviews for {parties.us} until you choose a side."))
    placeholders = placeholders_for(data_terms(terms), parties.aliases("us"),
                                    parties.aliases("them"))
    ctx = _Context(document, library, parties,
                   Detector(placeholders, list(library.rules.values())), opts)

    units = segment_units(document, opts["story"])
    prepared = [prepare(unit) for unit in units]
    ctx.prepared = prepared
    cuad = _cuad(units, document, warnings) if opts["cuad"] else []
    jurisdiction = detect_jurisdiction(document, cuad)
    eu_note = jurisdiction["notes"][0] if jurisdiction["eu"] and jurisdiction["notes"] else None

    findings = _risk_findings(ctx, selected, prepared, eu_note)
    protections, missing = _protections(ctx, selected, prepared)
    findings.extend(missing)

    points = scoring.contributions(findings)
    for finding, value in zip(findings, points):
        finding.contribution = value
    total = scoring.score(points)
    # Repeats are weighed in document order above; the list is then shown by severity.
    findings.sort(key=_display_order)
    breakdown = {"base": 100, "formula": scoring.FORMULA,
                 "contributions": [{"finding": f.id, "points": f.contribution}
                                   for f in findings]}
    info = {"name": document.name, "format": document.format,
            "paragraphs": len(document.paragraphs)}
    return AuditResult(document=info, score=total, grade=scoring.grade(total), parties=parties,
                       findings=findings, protections=protections, cuad=cuad,
                       jurisdiction=jurisdiction, score_breakdown=breakdown, warnings=warnings)
