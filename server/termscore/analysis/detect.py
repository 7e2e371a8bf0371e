"""The one engine that interprets every rule's ``detect`` block on clause units.

Each unit is normalised, split into sentences (never across paragraphs) and each sentence
into segments at semicolons and at provisos ("provided that", "except", "unless",
"however"). A trigger counts only in a segment of the right polarity:

- a segment is negated when a negation ("shall not", "Nothing in … grants", "no right")
  comes before the trigger inside it;
- a proviso after a negated segment reverses it ("shall not … except …", "shall not …,
  provided that … may …"), so a permission there is flagged on its own span;
- an "except"/"unless"/"excluding" segment after a permission is an exclusion, so a
  trigger there is not a grant.

Each ``require`` group must match in the scope, which is the sentence or the whole unit.
A ``forbid`` pattern anywhere in the trigger's sentence cancels the match. So an
exclusion ("excluding any training of models") counts although it is a segment of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..clauses.library import Rule
from ..clauses.patterns import DEFAULT_PLACEHOLDERS, alternation, compile_pattern, normalise
from .clauses import ClauseUnit

_NEGATION = re.compile(
    r"\b(?:shall|will|may|must|can|could|should|would|does|do|did|is|are|be|has|have)\s+not\b"
    r"(?!\s+(?:be\s+)?limited\b)(?!\s+only\b)"
    r"|\b(?:cannot|can't|won't|shan't|never|neither|nor|refrain)\b"
    r"|\bnothing\s+(?:in|herein|contained)\b|\bin\s+no\s+event\b"
    r"|\bno\s+(?:\w+\s+){0,2}(?:right|rights|license|licence|title|ownership|interest|permission)\b"
    r"|\bno\s+(?:[\w'-]+\s+){0,3}(?:may|shall|will|can|is|are)\b"
    r"|\b(?:prohibited|forbidden|precluded|restricted)\s+from\b"
    r"|\b(?:prohibitions?|restrictions?|ban)\s+(?:on|of|against)\b"
    r"|\bnot\s+(?:to|permitted|authori[sz]ed|allowed|entitled|use|train|sell)\b",
    re.I,
)
# Words that open a proviso or an exception inside a sentence, also in parentheses
# ("(except that …)"). The segment starts at the marker so that a flagged proviso's quote
# begins with it.
_PROVISO = re.compile(
    r"(?:,\s*|\s+)(?=provided(?:,)?\s+(?:however,?\s+)?(?:that\b|further\b))"
    r"|(?:,\s*|\s+)(?=\(?(?:except\b|excluding\b|other\s+than\b|unless\b|save\s+(?:as|that)\b))"
    r"|(?:;\s*|,\s*)(?=however\b|but\b|notwithstanding\b)"
    r"|;\s+"
    r"|,?\s+(?=\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s)",
    re.I,
)
# An inline list item "(c) " inside a sentence; it inherits the lead-in's negation.
_ITEM_START = re.compile(r"^[,;\s]*(?:and\s+|or\s+)?\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s")
_EXCEPTION_START = re.compile(r"^[,;\s]*\(?(?:except|excluding|other\s+than|unless|save)\b", re.I)
_PROVISO_START = re.compile(r"^[,;\s]*(?:provided|however|but|notwithstanding)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|nos|sec|secs|art|arts|para|cf|vs|v|mr|ms|dr|"
    r"u\.s|u\.s\.c|u\.k|st|jr|sr|pp|p|ch|cl)\.|\b[A-Z]\.)$", re.I)


@dataclass
class Segment:
    start: int
    end: int
    negated_context: bool  # the segment is a proviso that reverses a negated one
    exception: bool  # the segment excludes something from a permission
    inherited_negation: bool = False  # a list item under a negated lead-in


@dataclass
class Sentence:
    start: int
    end: int
    lead_negated: bool = False  # a sub-item sentence under a negated lead-in
    segments: list[Segment] | None = None  # computed on first use
    lower: str = ""
    tokens: frozenset = frozenset()
    definition: bool = False
    rules: set[str] | None = None  # ids of rules whose keywords occur, computed on first use


@dataclass
class Hit:
    """A rule's match in a unit: where it is and which span to quote (unit offsets)."""

    rule: Rule
    unit: ClauseUnit
    quote_start: int
    quote_end: int
    proviso: bool
    trigger: str


_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class PreparedUnit:
    unit: ClauseUnit
    text: str  # normalised
    offsets: list[int] | None
    sentences: list[Sentence]
    rules: set[str] | None = None  # ids of rules whose keywords occur, computed on first use

    def original(self, index: int) -> int:
        return index if self.offsets is None else self.offsets[index]

    def segments(self, sentence: Sentence) -> list[Segment]:
        if sentence.segments is None:
            sentence.segments = _segments(self.text, sentence.start, sentence.end,
                                          sentence.lead_negated)
        return sentence.segments


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return sentence spans of ``text``; a newline (paragraph end) always ends one."""
    if "\n" not in text and not _SENTENCE_END.search(text):
        return [(0, len(text))] if text.strip() else []
    spans = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        start = line_start
        for match in _SENTENCE_END.finditer(line):
            cut = line_start + match.start()
            # "e.g." and "U.S.C." end no sentence. A number does ("… in Schedule 5.0.").
            if _ABBREVIATION.search(text[max(start, cut - 12):cut]):
                continue
            spans.append((start, cut))
            start = line_start + match.end()
        spans.append((start, line_end))
        line_start = line_end + 1
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _segments(text: str, start: int, end: int, lead_negated: bool = False) -> list[Segment]:
    """Split a sentence at provisos, semicolons and inline list items.

    ``lead_negated`` carries the negation of a lead-in paragraph ("Customer shall not:")
    into a sub-item paragraph of the same clause.
    """
    cuts = [start]
    for match in _PROVISO.finditer(text, start, end):
        if match.start() > cuts[-1]:
            cuts.append(match.start())
    cuts.append(end)
    segments = []
    previous_negated = lead_negated
    previous_permission = False
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        exception = bool(_EXCEPTION_START.match(piece))
        # A sentence that opens with "However," or "Except as …" states its own rule; only
        # a later segment qualifies what came before it.
        proviso = a > start and (exception or bool(_PROVISO_START.match(piece)))
        item = bool(_ITEM_START.match(piece))
        negated_context = proviso and previous_negated
        inherited = (item or a == start) and lead_negated and not proviso
        segments.append(Segment(a, b, negated_context,
                                exception and previous_permission and not previous_negated,
                                inherited))
        negated_here = bool(_NEGATION.search(piece)) or inherited
        if not proviso and not item:
            previous_negated = negated_here
            previous_permission = not negated_here
        if not proviso and not item and _NEGATION.search(piece):
            # A lead-in such as "Customer will not: (a) …, (b) …" governs its items.
            lead_negated = True
    return segments


def prepare(unit: ClauseUnit) -> PreparedUnit:
    """Normalise a unit and split it into sentences; segments are computed when needed."""
    text, offsets = normalise(unit.text)
    first_end = text.find("\n")
    if first_end < 0:
        first_end = len(text)
    lowered = text.lower()
    sentences: list[Sentence] = []
    lead_negated = False
    for s, e in split_sentences(text):
        in_sub_item = s > first_end
        sentence = Sentence(s, e, lead_negated if in_sub_item else False,
                            lower=lowered[s:e])
        sentence.tokens = frozenset(_TOKEN.findall(sentence.lower))
        sentence.definition = bool(_DEFINITION.match(text, s, e))
        sentences.append(sentence)
        if not in_sub_item and text[s:e].rstrip().endswith(":"):
            # The lead-in of a list: its main segments decide for the sub-items.
            main = [g for g in _segments(text, s, e)
                    if not _PROVISO_START.match(text[g.start:g.end])
                    and not _EXCEPTION_START.match(text[g.start:g.end])]
            lead_negated = bool(main) and bool(_NEGATION.search(text, main[0].start,
                                                                   main[-1].end))
    return PreparedUnit(unit, text, offsets, sentences)


def placeholders_for(data_terms: list[str], us: list[str], them: list[str]) -> dict[str, str]:
    """Return placeholder values extended with the document's defined terms and party names."""
    values = dict(DEFAULT_PLACEHOLDERS)
    if data_terms:
        values["DATA"] = "(?:" + alternation(data_terms) + "|" + values["DATA"] + ")"
    if us:
        values["US"] = alternation(us)
    if them:
        values["THEM"] = alternation(them)
    return values


_MODAL = re.compile(r"\b(?:may|shall|will|must|can|might)\b", re.I)
# A definition (a quoted term and a defining verb) or a drafting note ("[Drafting note: …")
# describes and grants nothing, so no rule reads it.
_DEFINITION = re.compile(
    r"\s*(?:\d+(?:\.\d+)*\.?\s+)?\"[^\"]{1,80}\"(?:\s+or\s+\"[^\"]{1,80}\")?\s*"
    r"(?:\([^)]*\)\s*)?(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|"
    r"is\s+defined\s+as|includes|does\s+not\s+include)\b"
    r"|\s*\[\s*(?:drafting\s+)?note\b", re.I)
# A party name used as an adjective ("Customer Data", "Provider's Platform") or as the
# object of "of" names an owner, not the party that acts.
_NOT_ACTOR_AFTER = re.compile(r"(?:'s|s')|\s+[A-Z][a-z]")
_NOT_ACTOR_BEFORE = re.compile(r"\b(?:of|from|about|regarding|concerning|on\s+behalf\s+of)\s+(?:the\s+)?$", re.I)


def _actor_ends(pattern: re.Pattern, text: str, start: int, end: int) -> int:
    last = -1
    for match in pattern.finditer(text, start, end):
        if _NOT_ACTOR_AFTER.match(text, match.end()):
            continue
        if _NOT_ACTOR_BEFORE.search(text, max(0, match.start() - 24), match.start()):
            continue
        last = match.end()
    return last


def _nearest_actor(text: str, start: int, end: int, us: re.Pattern, them: re.Pattern) -> str:
    """Return "us", "them" or "" for the party named last before ``end`` in [start, end)."""
    last_us = _actor_ends(us, text, start, end)
    last_them = _actor_ends(them, text, start, end)
    if last_us == last_them == -1:
        return ""
    return "us" if last_us > last_them else "them"


def _first_actor(text: str, start: int, end: int, us: re.Pattern, them: re.Pattern) -> str:
    """Return "us", "them" or "" for the first acting party named in [start, end)."""
    found = []
    for who, pattern in (("us", us), ("them", them)):
        for match in pattern.finditer(text, start, end):
            if _NOT_ACTOR_AFTER.match(text, match.end()):
                continue
            found.append((match.start(), who))
            break
    return min(found)[1] if found else ""


def _negated_before(text: str, start: int, end: int) -> bool:
    return bool(_NEGATION.search(text, start, end))


class Detector:
    """Rule runner for the prepared units of one document, with its placeholder values."""

    def __init__(self, placeholders: dict[str, str], rules: list[Rule] | None = None):
        self.placeholders = placeholders
        self._compiled: dict[str, re.Pattern] = {}
        self.us = self.pattern("{US}")
        self.them = self.pattern("{THEM}")
        self._index_keywords(rules or [])

    def pattern(self, source: str) -> re.Pattern:
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = compile_pattern(source, self.placeholders)
        return compiled

    def _index_keywords(self, rules: list[Rule]) -> None:
        """Build one search for every rule's keywords, so each sentence is scanned once.

        Keywords of more than three letters match as substrings, shorter ones as whole
        words. A keyword found in the text also stands for every keyword inside it
        ("learnings" contains "learning"), because the search reports only one of two
        keywords that start at the same place.
        """
        self._ungated = {rule.id for rule in rules if not rule.detect.get("keywords")}
        self._long: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        for rule in rules:
            for word in rule.detect.get("keywords", []):
                word = word.lower()
                table = self._long if len(word) > 3 else self._short
                table.setdefault(word, set()).add(rule.id)
        for word in list(self._long):
            for other, ids in list(self._long.items()):
                if other != word and other in word:
                    self._long[word] = self._long[word] | ids
        words = sorted(self._long, key=len, reverse=True)
        self._keywords = re.compile("|".join(map(re.escape, words))) if words else None

    def sentence_rules(self, sentence: Sentence) -> set[str]:
        """Return the ids of the rules whose keywords occur in ``sentence``."""
        if sentence.rules is None:
            found = set(self._ungated)
            if self._keywords is not None:
                for word in self._keywords.findall(sentence.lower):
                    found |= self._long[word]
            for word in sentence.tokens & self._short.keys():
                found |= self._short[word]
            sentence.rules = found
        return sentence.rules

    def unit_rules(self, prepared: PreparedUnit) -> set[str]:
        """Return the ids of the rules worth running on a unit: keywords occur in it."""
        if prepared.rules is None:
            found: set[str] = set()
            for sentence in prepared.sentences:
                if not sentence.definition:
                    found |= self.sentence_rules(sentence)
            prepared.rules = found
        return prepared.rules

    def _candidates(self, rule: Rule, prepared: PreparedUnit) -> list[Sentence]:
        """Return the sentences that contain one of the rule's keywords and a trigger.

        The keyword test is one plain search per sentence. The regular expressions then
        run only on the few sentences that can match, which keeps an audit fast.
        """
        text = prepared.text
        out = []
        for sentence in prepared.sentences:
            if sentence.definition or rule.id not in self.sentence_rules(sentence):
                continue
            for trigger in rule.detect["triggers"]:
                if self.pattern(trigger["pattern"]).search(text, sentence.start, sentence.end):
                    out.append(sentence)
                    break
        return out

    def _any(self, patterns: list[str], text: str, start: int, end: int) -> re.Match | None:
        for source in patterns:
            match = self.pattern(source).search(text, start, end)
            if match:
                return match
        return None

    def run(self, rule: Rule, prepared: PreparedUnit) -> list[Hit]:
        """Return the rule's hits in one unit, at most one per sentence."""
        detect = rule.detect
        polarity = detect.get("polarity", "positive")
        scope = detect.get("scope", "sentence")
        text = prepared.text
        hits: list[Hit] = []
        seen: set[tuple[int, int]] = set()
        for sentence in self._candidates(rule, prepared):
            for segment in prepared.segments(sentence):
                found = self._match_segment(rule, prepared, sentence, segment, polarity, scope)
                if found is None:
                    continue
                quote = self._quote_span(rule, prepared, sentence, segment, found, polarity)
                if quote is None or quote in seen:
                    continue
                seen.add(quote)
                proviso = segment.negated_context and polarity == "positive"
                hits.append(Hit(rule, prepared.unit, prepared.original(quote[0]),
                                prepared.original(quote[1]), proviso,
                                text[found.start():found.end()]))
                break
        return hits

    def _match_segment(self, rule, prepared, sentence, segment, polarity, scope):
        text = prepared.text
        detect = rule.detect
        for trigger in detect["triggers"]:
            for match in self.pattern(trigger["pattern"]).finditer(text, segment.start, segment.end):
                negated = (segment.inherited_negation
                           or _negated_before(text, segment.start, match.end()))
                if segment.negated_context:
                    # A proviso after a prohibition reads as a permission unless it is
                    # negated itself.
                    positive = not negated
                else:
                    positive = not negated and not segment.exception
                if polarity == "positive" and not positive:
                    continue
                if polarity == "negative" and positive:
                    continue
                actor = trigger.get("actor", "them")
                if actor != "any":
                    # The acting party is named before the verb: at the start of most
                    # triggers, at the end of those written "feedback … may use".
                    verb = match.end() if trigger.get("actor_at") == "end" else match.start() + 1
                    nearest = _nearest_actor(text, sentence.start, verb, self.us, self.them)
                    if not nearest and not _MODAL.search(text, sentence.start, match.start()):
                        # "By using … to train any model, you waive …": with no verb of
                        # its own before the trigger, the subject follows it.
                        nearest = _first_actor(text, match.end(), sentence.end,
                                               self.us, self.them)
                    if nearest != actor and (nearest or trigger.get("strict")):
                        continue
                lo, hi = (sentence.start, sentence.end) if scope == "sentence" else (0, len(text))
                if not all(self._any(group, text, lo, hi) for group in detect.get("require", [])):
                    continue
                if self._any(detect.get("forbid", []), text, sentence.start, sentence.end):
                    continue
                return match
        return None

    def _quote_span(self, rule, prepared, sentence, segment, match, polarity):
        text = prepared.text
        if segment.negated_context and polarity == "positive":
            start, end = segment.start, segment.end
        elif rule.detect.get("anchor") == "require" and rule.detect.get("require"):
            found = self._any(rule.detect["require"][0], text, 0, len(text))
            host = next((s for s in prepared.sentences
                         if found and s.start <= found.start() < s.end), sentence)
            start, end = host.start, host.end
        else:
            start, end = sentence.start, sentence.end
        # Trim spaces, and a proviso's closing punctuation, which the clause keeps.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if segment.negated_context and polarity == "positive":
            while end > start and text[end - 1] in ".;:":
                end -= 1
        return (start, end) if end > start else None
