"""Tag contract text with CUAD clause categories, using weighted patterns kept as data.

Each category of the Contract Understanding Atticus Dataset (CUAD v1, The Atticus Project,
CC BY 4.0) that TermScore reports is one YAML file in ``clause_library/cuad/``. A file lists
regular expressions with weights, an optional ``trigger`` (a cheap keyword expression that
every pattern implies, tried first on all sentences at once), optional
``require`` expressions (a sentence must match every one of them) and ``exclude`` expressions
(a sentence that matches one scores 0). A sentence's score is the noisy-or of the weights of
its matching patterns, ``1 - prod(1 - w)``. The category is present in the contract when its
best sentence reaches the file's ``threshold``.

A trained sentence model, ``model.json`` in the same folder, can take over a category: a
logistic regression over the sentence's words, word pairs and pattern score gives each
sentence a probability, compared with the model's own threshold for that category. Training
(``bench/train_cuad.py``) needs scikit-learn, but the model is applied here in pure Python.

The unit of matching is the sentence, because CUAD answer spans are mostly one sentence or
one clause. Sentences are cut inside each paragraph, so every span maps back to a paragraph
index and character offsets in that paragraph's current text.

``governing_law`` reads the chosen law out of the best Governing Law sentence and says whether
it is the law of the European Union or of one of its member states.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from ..errors import ClauseLibraryError
from ..model import Document, Paragraph

CUAD_DIR = Path(__file__).resolve().parents[1] / "clause_library" / "cuad"
_REPO_CUAD_DIR = Path(__file__).resolve().parents[3] / "clause_library" / "cuad"

# The keys a category file may carry; anything else is a typo that would silently do nothing.
_ALLOWED_KEYS = {"category", "description", "threshold", "trigger", "patterns", "require",
                 "exclude", "examples"}

# A sentence ends at . ; ! ? followed by space and a capital, digit, quote or bracket, but
# not after a short abbreviation ("Inc.", "U.S.", "No.", "Sec.") or a single letter. Group 1
# is the space between the sentences. The pattern starts with the punctuation rather than a
# look-behind, because the regex engine can then skip ahead to candidate characters.
_SENTENCE_END = re.compile(r"[.!?;](\s+)(?=[\"'“(\[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:inc|corp|co|ltd|no|nos|sec|secs|art|u\.s|e\.g|i\.e|etc|mr|ms|dr|st|jr|sr|vs|"
    r"para|cl|l\.l\.c|n\.a|s\.a|b\.v|n\.v|a\.g)\.|\b[A-Za-z]\.)$",
    re.IGNORECASE,
)
# Very long "sentences" are usually run-together paragraphs of a plain-text export; cut them
# at the next semicolon or colon so that one span stays readable.
_MAX_SENTENCE_CHARS = 1500


@dataclass
class Pattern:
    regex: re.Pattern
    weight: float


# --- literal gates ------------------------------------------------------------------------
#
# Most sentences match no pattern, and a failed search still scans the whole sentence. So
# each pattern gets a gate, read once from its parsed regular expression. An exact gate is
# the finite set of strings the pattern matches, and a substring test then decides. Any
# other gate is a set of strings one of which every match contains, and the search runs
# only when one is present. Both give the result of ``regex.search``. A pattern whose parse
# this code does not handle keeps a plain search.

# NOTE: the parser is the private ``re._parser`` of CPython 3.12. Without it every pattern
# keeps its plain search, and tests check each gate against its search on the shipped patterns.
try:
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - depends on the Python version
    _sre = _sre_parse = None

_EXPANSION_LIMIT = 64
_LETTERS = re.compile(r"[a-z]+")
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT) if _sre is not None else ()


def _expand(items) -> list[str] | None:
    """Return every string a sequence of parsed items matches, or None if not few and fixed.

    Assertions (``\\b``), classes such as ``\\s``, negated sets and unbounded repeats make
    the language infinite or context dependent, so they return None.
    """
    out = [""]
    for op, av in items:
        if op is _sre.LITERAL:
            options = [chr(av)]
        elif op is _sre.BRANCH:
            options = []
            for branch in av[1]:
                expanded = _expand(branch)
                if expanded is None:
                    return None
                options.extend(expanded)
        elif op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            options = None if add_flags or del_flags else _expand(sub)
        elif op is _sre.IN:
            options = []
            for member, value in av:
                if member is _sre.LITERAL:
                    options.append(chr(value))
                elif member is _sre.RANGE and value[1] - value[0] < 8:
                    options.extend(chr(code) for code in range(value[0], value[1] + 1))
                else:
                    return None
        elif op in _REPEATS and av[1] <= 2:
            low, high, sub = av
            once = _expand(sub)
            if once is None:
                return None
            options = []
            for count in range(low, high + 1):
                repeated = [""]
                for _ in range(count):
                    repeated = [a + b for a in repeated for b in once]
                options.extend(repeated)
        else:
            return None
        if options is None:
            return None
        out = [a + b for a in out for b in options]
        if len(out) > _EXPANSION_LIMIT:
            return None
    return out


def _useful(strings: list[str] | None) -> bool:
    return bool(strings) and all(strings)


def _gate_key(strings: list[str]) -> tuple[int, int]:
    # Longer literals are rarer, so they let fewer sentences through.
    return (min(len(x) for x in strings), -len(strings))


def _required(items) -> list[str] | None:
    """Return strings one of which every match of a parsed sequence contains, or None."""
    best = None

    def consider(candidate):
        nonlocal best
        if _useful(candidate) and (best is None or _gate_key(candidate) > _gate_key(best)):
            best = candidate

    run = []
    for op, av in [*items, (None, None)]:
        if op is not None and _expand([(op, av)]) is not None:
            run.append((op, av))
            continue
        if run:
            consider(_expand(run))
            run = []
        if op is _sre.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(branches):
                consider([x for branch in branches for x in branch])
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            consider(_required(av[3]))
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(av[2]))
    return best


# Characters that IGNORECASE matches to an ASCII letter but str.lower() does not turn
# into it: dotless i, long s, and the combining dot that lower() adds after "İ" (re
# compares simple case mappings, which map "İ" to "i").
def fold_for_gate(text: str) -> str:
    """Fold ``text`` so that ``case_insensitive_gate`` literals can be tested with ``in``."""
    # str.replace runs in C at memory speed; str.translate looks up every character.
    return text.lower().replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")


def case_insensitive_gate(regex: re.Pattern) -> tuple[str, ...] | None:
    """Return lower-case ASCII strings one of which ``fold_for_gate(t)`` contains wherever
    ``regex`` (compiled with IGNORECASE) finds a match in ``t``; None when none is known.

    Under IGNORECASE a pattern letter matches exactly the text letters whose simple case
    mapping equals its own; for ASCII letters, those are the letters ``fold_for_gate``
    turns into it, so a literal absent from the folded text cannot match.
    """
    if _sre_parse is None or not isinstance(regex.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags)
        literals = _expand(list(parsed))
        if not _useful(literals):
            literals = _required(list(parsed))
    except Exception:  # noqa: BLE001 - a parse this code does not handle has no gate
        return None
    if not literals or not all(x.isascii() for x in literals):
        return None
    return tuple(dict.fromkeys(x.lower() for x in literals))


class _Gate:
    """A compiled pattern with its literal gate. ``search`` returns ``bool(regex.search(text))``."""

    __slots__ = ("regex", "literals", "exact")
    _cache: dict = {}

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        self.literals: tuple[str, ...] | None = None
        self.exact = False
        if _sre_parse is None or not isinstance(regex.pattern, str):
            return
        try:
            parsed = _sre_parse.parse(regex.pattern, regex.flags)
            if parsed.state.flags & (_sre.SRE_FLAG_IGNORECASE | _sre.SRE_FLAG_LOCALE):
                return
            exact = _expand(list(parsed))
            required = None if _useful(exact) else _required(list(parsed))
        except Exception:  # noqa: BLE001 - a parse this code does not handle keeps the search
            return
        if _useful(exact):
            self.literals, self.exact = tuple(dict.fromkeys(exact)), True
        elif required:
            self.literals = tuple(dict.fromkeys(required))

    @classmethod
    def of(cls, regex: re.Pattern) -> "_Gate":
        gate = cls._cache.get(regex)
        if gate is None:
            gate = cls._cache[regex] = cls(regex)
        return gate

    def search(self, text: str) -> bool:
        literals = self.literals
        if literals is not None:
            for literal in literals:
                if literal in text:
                    break
            else:
                return False
            if self.exact:
                return True
        return self.regex.search(text) is not None


class _LiteralIndex:
    """An index of which texts contain a literal, built by scanning the texts joined once.

    The texts are joined with NUL, which no literal spans, so each hit falls in one text.
    """

    def __init__(self, texts: list[str], words: list[list[str]] | None = None):
        self.texts = texts
        self.words = words
        self._texts_of_word: dict[str, list[int]] | None = None
        self.joined = "\0".join(texts)
        self.starts = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + 1
        # A text that contains NUL itself would let a literal with NUL cross into the next one.
        self.usable = self.joined.count("\0") == len(texts) - 1 if texts else False
        self._hits: dict[str, set[int]] = {}

    def containing(self, literal: str) -> set[int]:
        hits = self._hits.get(literal)
        if hits is not None:
            return hits
        if self.words is not None and _LETTERS.fullmatch(literal):
            hits = self._containing_word_part(literal)
        elif not self.usable or not literal or "\0" in literal:
            hits = {i for i, text in enumerate(self.texts) if literal in text}
        else:
            hits = set()
            joined, starts, count = self.joined, self.starts, len(self.texts)
            position = joined.find(literal)
            while position != -1:
                number = bisect_right(starts, position) - 1
                hits.add(number)
                # One hit per text is enough: go on from the start of the next one.
                position = joined.find(literal, starts[number + 1]) if number + 1 < count else -1
        self._hits[literal] = hits
        return hits

    def _containing_word_part(self, literal: str) -> set[int]:
        # A literal of letters a-z lies inside one maximal run of such letters, so it is in a
        # text exactly when it is in one of that text's words. The distinct words are far
        # fewer than the characters of the texts, so scanning them is cheaper.
        if self._texts_of_word is None:
            texts_of_word: dict[str, list[int]] = {}
            for number, words in enumerate(self.words):
                for word in words:
                    numbers = texts_of_word.get(word)
                    if numbers is None:
                        texts_of_word[word] = [number]
                    elif numbers[-1] != number:
                        numbers.append(number)
            self._texts_of_word = texts_of_word
            self._vocabulary = list(texts_of_word)
            self._vocabulary_joined = "\0".join(self._vocabulary)
            self._vocabulary_starts = []
            offset = 0
            for word in self._vocabulary:
                self._vocabulary_starts.append(offset)
                offset += len(word) + 1
        vocabulary, joined, starts = (self._vocabulary, self._vocabulary_joined,
                                      self._vocabulary_starts)
        hits: set[int] = set()
        position = joined.find(literal)
        while position != -1:
            number = bisect_right(starts, position) - 1
            hits.update(self._texts_of_word[vocabulary[number]])
            position = joined.find(literal, starts[number + 1]) if number + 1 < len(starts) else -1
        return hits

    def matching(self, regex: re.Pattern) -> list[int]:
        """Return the sorted numbers of the texts ``regex.search`` matches."""
        gate = _Gate.of(regex)
        if gate.literals is None:
            return [i for i, text in enumerate(self.texts) if regex.search(text)]
        found: set[int] = set()
        for literal in gate.literals:
            found |= self.containing(literal)
        if gate.exact:
            return sorted(found)
        texts = self.texts
        return [i for i in sorted(found) if regex.search(texts[i])]


def rule_scores(categories: Iterable["Category"], texts: list[str],
                words: list[list[str]] | None = None) -> dict[str, list[float]]:
    """Return each category's pattern score of each masked, lower-cased text.

    The same numbers as ``category.score_masked(text)``, but each trigger is tried on all
    texts at once through a ``_LiteralIndex``, so a text costs nothing for a category whose
    trigger words it lacks. ``words``, when given, is ``_WORD.findall`` of each text.
    """
    index = _LiteralIndex(texts, words)
    out = {}
    for category in categories:
        scores = [0.0] * len(texts)
        numbers = (range(len(texts)) if category.trigger is None
                   else index.matching(category.trigger))
        for number in numbers:
            scores[number] = category.score_triggered(texts[number])
        out[category.name] = scores
    return out


@dataclass
class Category:
    """One CUAD category: its weighted patterns, filters, threshold and test examples."""

    name: str
    source: str
    patterns: list[Pattern]
    require: list[re.Pattern] = field(default_factory=list)
    exclude: list[re.Pattern] = field(default_factory=list)
    threshold: float = 0.5
    trigger: re.Pattern | None = None
    description: str = ""
    examples: dict = field(default_factory=dict)
    # The literal gates of require, exclude and patterns, built on first use.
    _gates: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def score(self, sentence: str) -> float:
        """Return the score of one sentence for this category, 0 when no pattern applies."""
        return self.score_masked(mask_inner_periods(sentence).lower())

    def score_masked(self, sentence: str) -> float:
        """Score a sentence already passed through ``mask_inner_periods`` and lower-cased."""
        if self.trigger is not None and not _Gate.of(self.trigger).search(sentence):
            return 0.0
        return self.score_triggered(sentence)

    def score_triggered(self, sentence: str) -> float:
        """Score a masked, lower-cased sentence whose trigger is known to match."""
        gates = self._gates
        if gates is None:
            gates = self._gates = (
                [_Gate.of(r) for r in self.require], [_Gate.of(r) for r in self.exclude],
                [(_Gate.of(p.regex), p.weight) for p in self.patterns])
        require, exclude, patterns = gates
        if not all(gate.search(sentence) for gate in require):
            return 0.0
        if any(gate.search(sentence) for gate in exclude):
            return 0.0
        miss = 1.0
        for gate, weight in patterns:
            if gate.search(sentence):
                miss *= 1.0 - weight
        return 1.0 - miss


_INNER_PERIOD = re.compile(r"\.(?=[^\s.])")
_ABBREVIATION_PERIOD = re.compile(
    r"\b(inc|corp|co|ltd|no|nos|sec|secs|art|st|mr|ms|dr|vs|para|cl|[a-z])\.(?=\s)", re.IGNORECASE
)
_PERIOD_SPACE = re.compile(r"\.\s")


def mask_inner_periods(sentence: str) -> str:
    """Replace periods that do not end a sentence ("7.2", "U.S.", "Inc. ") with "\u00b7".

    Patterns use ``[^.]`` to stay inside one sentence; a section number must not stop them.
    The length is kept, so offsets found in the masked text hold in the original.
    """
    if "." not in sentence:
        return sentence
    sentence = _INNER_PERIOD.sub("\u00b7", sentence)
    # Every abbreviation match is a period before white space; most sentences have none
    # inside, and this search is much cheaper than the case-insensitive substitution.
    if _PERIOD_SPACE.search(sentence) is None:
        return sentence
    return _ABBREVIATION_PERIOD.sub("\\1\u00b7", sentence)


@dataclass
class Sentence:
    """A sentence inside one paragraph: the paragraph locator and offsets in its text."""

    story: str
    part: str
    index: int
    start: int
    end: int
    text: str
    masked: str = ""

    def __post_init__(self):
        if not self.masked:
            self.masked = mask_inner_periods(self.text).lower()


_ESCAPE = re.compile(r"\\.")


def _compile(expr: object, where: str) -> re.Pattern:
    if not isinstance(expr, str) or not expr.strip():
        raise ClauseLibraryError(f"{where}: expected a non-empty regular expression, got {expr!r}")
    # Sentences are lower-cased once, and patterns compiled without IGNORECASE, because
    # case-insensitive matching made a long contract several times slower to tag.
    if any(ch.isupper() for ch in _ESCAPE.sub("", expr)):
        raise ClauseLibraryError(
            f"{where}: {expr!r} contains upper-case letters, but patterns are matched against "
            "lower-cased text; write the pattern in lower case"
        )
    try:
        return re.compile(expr)
    except re.error as exc:
        raise ClauseLibraryError(
            f"{where}: invalid regular expression {expr!r}: {exc}; fix the pattern"
        ) from exc


def _parse_category(path: Path) -> Category:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ClauseLibraryError(f"{path.name}{line}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ClauseLibraryError(f"{path.name}:1: expected a mapping with 'category' and 'patterns'")
    unknown = set(data) - _ALLOWED_KEYS
    if unknown:
        raise ClauseLibraryError(
            f"{path.name}: unknown keys {sorted(unknown)}; allowed keys are {sorted(_ALLOWED_KEYS)}"
        )
    name = data.get("category")
    if not isinstance(name, str) or not name:
        raise ClauseLibraryError(f"{path.name}: missing 'category' (the CUAD category name)")
    raw_patterns = data.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise ClauseLibraryError(f"{path.name}: 'patterns' must be a non-empty list")

    patterns = []
    for number, item in enumerate(raw_patterns, 1):
        where = f"{path.name}: patterns[{number}]"
        if not isinstance(item, dict) or "regex" not in item:
            raise ClauseLibraryError(f"{where}: expected a mapping with 'regex' and 'weight'")
        weight = item.get("weight", 0.6)
        if not isinstance(weight, (int, float)) or not 0 < weight <= 1:
            raise ClauseLibraryError(f"{where}: weight {weight!r} must be a number in (0, 1]")
        patterns.append(Pattern(_compile(item["regex"], where), float(weight)))

    threshold = data.get("threshold", 0.5)
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ClauseLibraryError(f"{path.name}: threshold {threshold!r} must be a number in (0, 1]")
    trigger = _compile(data["trigger"], f"{path.name}: trigger") if "trigger" in data else None
    require = [_compile(r, f"{path.name}: require[{i}]") for i, r in enumerate(data.get("require") or [], 1)]
    exclude = [_compile(r, f"{path.name}: exclude[{i}]") for i, r in enumerate(data.get("exclude") or [], 1)]
    return Category(
        name=name,
        source=path.name,
        patterns=patterns,
        require=require,
        exclude=exclude,
        threshold=float(threshold),
        trigger=trigger,
        description=str(data.get("description", "")).strip(),
        examples=data.get("examples") or {},
    )


def _library_dir() -> Path:
    # An editable install runs from the repository, where the YAML sits at the top level;
    # a built wheel carries it inside the package.
    return CUAD_DIR if CUAD_DIR.is_dir() else _REPO_CUAD_DIR


@lru_cache(maxsize=4)
def load_categories(directory: str | None = None) -> tuple[Category, ...]:
    """Load every ``*.yaml`` category file of a folder (default: the shipped library).

    Raises ``ClauseLibraryError`` naming the file for a missing folder, invalid YAML, an
    unknown key, a bad weight or an invalid regular expression.
    """
    folder = Path(directory) if directory else _library_dir()
    if not folder.is_dir():
        raise ClauseLibraryError(f"CUAD category folder {folder} not found; reinstall termscore")
    categories = tuple(_parse_category(path) for path in sorted(folder.glob("*.yaml")))
    if not categories:
        raise ClauseLibraryError(f"no CUAD category files (*.yaml) in {folder}")
    names = [c.name for c in categories]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ClauseLibraryError(f"CUAD categories defined twice in {folder}: {duplicates}")
    return categories


# --- trained sentence model -------------------------------------------------------------

MODEL_FILE = "model.json"
MODEL_FORMAT = 1
_WORD = re.compile(r"[a-z]+")


def sentence_features(masked: str) -> set[str]:
    """Return the binary features of a masked, lower-cased sentence: words and word pairs.

    Digits and punctuation are dropped, so "Section 7·2" and "Section 9" give the same words.
    Training (``bench/train_cuad.py``) calls this same function, so the two cannot drift.
    """
    words = _WORD.findall(masked)
    features = set(words)
    features.update(f"{first} {second}" for first, second in zip(words, words[1:]))
    return features


@dataclass
class CategoryModel:
    """Logistic regression weights of one category, its threshold and how it joins the patterns.

    ``combine`` is "model" (the probability alone decides) or "either" (a sentence counts
    when the probability or the pattern score reaches its own threshold).
    """

    name: str
    threshold: float
    bias: float
    rule_weight: float
    combine: str = "model"


@dataclass
class SentenceModel:
    """Per-category logistic regressions over ``sentence_features`` plus the pattern score.

    A sentence's probability for a category is ``sigmoid(bias + sum of the weights of its
    features + rule_weight * pattern score)``; the contract has the category when its best
    sentence reaches ``threshold``. ``index`` maps each feature to ``(category position,
    weight)`` pairs, so a sentence costs one dictionary lookup per feature for all
    categories together.
    """

    categories: dict[str, CategoryModel]
    names: list[str]
    index: dict[str, list[tuple[int, float]]]
    source: str = ""
    pair_heads: frozenset[str] = frozenset()

    def __post_init__(self):
        if not self.pair_heads:
            self.pair_heads = frozenset(f.split(" ", 1)[0] for f in self.index if " " in f)

    def weighted_features(self, masked: str, words: list[str] | None = None) -> set[str]:
        """Return ``sentence_features(masked)`` restricted to the features that have a weight.

        Same result as intersecting with ``index``, but a word pair is only built when its
        first word starts some weighted pair, which halves the cost of a long contract.
        """
        index = self.index
        heads = self.pair_heads
        if words is None:
            words = _WORD.findall(masked)
        found = {word for word in words if word in index}
        for first, second in zip(words, words[1:]):
            if first in heads:
                pair = f"{first} {second}"
                if pair in index:
                    found.add(pair)
        return found

    def logits(self, masked: str, rule_scores: list[float]) -> list[float]:
        """Return the log-odds of each category (in ``names`` order) for one sentence."""
        totals = [self.categories[name].bias + self.categories[name].rule_weight * rule
                  for name, rule in zip(self.names, rule_scores)]
        index = self.index
        for feature in self.weighted_features(masked):
            for position, weight in index[feature]:
                totals[position] += weight
        return totals

    def score_sentences(self, sentences: list[Sentence],
                        rule_scores: dict[str, list[float]]) -> dict[str, list[float]]:
        """Return the probability of every sentence for each category the model covers.

        ``rule_scores`` maps a category name to the pattern score of each sentence; a
        category that is missing there scores 0 for its pattern feature.
        """
        return self.score_texts([s.masked for s in sentences], rule_scores)

    def score_texts(self, texts: list[str], rule_scores: dict[str, list[float]],
                    words: list[list[str]] | None = None) -> dict[str, list[float]]:
        """``score_sentences`` for masked, lower-cased sentence texts.

        ``words``, when given, is ``_WORD.findall`` of each text, shared with ``rule_scores``.
        """
        # The arithmetic is that of ``logits`` and ``_sigmoid``, written out over columns
        # because the per-call overhead was most of the model's cost.
        biases = [self.categories[name].bias for name in self.names]
        weights = [self.categories[name].rule_weight for name in self.names]
        columns = [rule_scores.get(name) or [0.0] * len(texts) for name in self.names]
        rows = []
        index = self.index
        features = self.weighted_features
        for rules in zip(*columns):
            rows.append([bias + weight * rule
                         for bias, weight, rule in zip(biases, weights, rules)])
        # NOTE: the weights are added in set order, which depends on the string hash seed,
        # so probabilities can differ in the last bits between two processes.
        for number, (totals, text) in enumerate(zip(rows, texts)):
            for feature in features(text, words[number] if words is not None else None):
                for position, weight in index[feature]:
                    totals[position] += weight
        if not rows:
            return {name: [] for name in self.names}
        exp = math.exp
        return {name: [1.0 / (1.0 + exp(-v)) if v >= 0 else (e := exp(v)) / (1.0 + e)
                       for v in column]
                for name, column in zip(self.names, zip(*rows))}


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def _number(data: dict, key: str, where: str) -> float:
    value = data.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ClauseLibraryError(f"{where}: {key!r} is {value!r}, expected a finite number; "
                                 "retrain with bench/train_cuad.py")
    return float(value)


def parse_model(data: object, source: str = MODEL_FILE) -> SentenceModel:
    """Build a ``SentenceModel`` from the decoded JSON of a model file.

    Raises ``ClauseLibraryError`` naming the file and the bad entry.
    """
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ClauseLibraryError(f"{source}: model format {found!r} is not {MODEL_FORMAT}; "
                                 "retrain with bench/train_cuad.py")
    raw = data.get("categories")
    if not isinstance(raw, dict):
        raise ClauseLibraryError(f"{source}: 'categories' must map category names to weights")
    categories: dict[str, CategoryModel] = {}
    index: dict[str, list[tuple[int, float]]] = {}
    for position, (name, entry) in enumerate(raw.items()):
        where = f"{source}: {name}"
        if not isinstance(entry, dict) or not isinstance(entry.get("weights"), dict):
            raise ClauseLibraryError(f"{where}: expected a mapping with 'weights'")
        threshold = _number(entry, "threshold", where)
        if not 0 < threshold < 1:
            raise ClauseLibraryError(f"{where}: threshold {threshold!r} must be in (0, 1)")
        combine = entry.get("combine", "model")
        if combine not in ("model", "either"):
            raise ClauseLibraryError(f"{where}: combine {combine!r} must be 'model' or 'either'")
        categories[name] = CategoryModel(name, threshold, _number(entry, "bias", where),
                                         _number(entry, "rule_weight", where), combine)
        for feature, weight in entry["weights"].items():
            if not isinstance(weight, (int, float)) or not math.isfinite(weight):
                raise ClauseLibraryError(f"{where}: weight of {feature!r} is {weight!r}, "
                                         "expected a finite number")
            index.setdefault(feature, []).append((position, float(weight)))
    return SentenceModel(categories, list(categories), index, source)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SentenceModel | None:
    """Load the trained sentence model once per process (default: the shipped file).

    Returns None when the default file is absent, so tagging falls back to the patterns.
    Raises ``ClauseLibraryError`` for an explicit path that is missing or a file that is not
    valid model JSON.
    """
    file = Path(path) if path else _library_dir() / MODEL_FILE
    if not file.is_file():
        if path:
            raise ClauseLibraryError(f"CUAD model file {file} not found; pass the JSON written "
                                     "by bench/train_cuad.py")
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ClauseLibraryError(f"{file.name}: invalid JSON: {exc}; retrain with "
                                 "bench/train_cuad.py") from exc
    return parse_model(data, file.name)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of one paragraph, spaces trimmed."""
    bounds = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start(1)
        if _ABBREVIATION.search(text[max(0, end - 8):end]):
            continue
        bounds.append((start, end))
        start = match.end()
    bounds.append((start, len(text)))

    out = []
    for begin, end in bounds:
        out.extend(_cut_long(text, begin, end))
    return [(b, e) for b, e in out if text[b:e].strip()]


def _cut_long(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    if end - begin <= _MAX_SENTENCE_CHARS:
        return [(begin, end)]
    pieces = []
    while end - begin > _MAX_SENTENCE_CHARS:
        window = text[begin:begin + _MAX_SENTENCE_CHARS]
        cut = max(window.rfind(";"), window.rfind(":"), window.rfind(". "))
        if cut < _MAX_SENTENCE_CHARS // 4:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = _MAX_SENTENCE_CHARS - 1
        pieces.append((begin, begin + cut + 1))
        begin += cut + 1
        while begin < end and text[begin].isspace():
            begin += 1
    pieces.append((begin, end))
    return pieces


def _sentences(paragraphs: Iterable[Paragraph]) -> list[Sentence]:
    out = []
    for paragraph in paragraphs:
        text = paragraph.text
        for start, end in split_sentences(text):
            out.append(Sentence(paragraph.story, paragraph.part, paragraph.index, start, end,
                                text[start:end]))
    return out


def _unit_paragraphs(units: Iterable, document: Document | None) -> list[Paragraph]:
    """Collect the body paragraphs of the clause units once each, in document order."""
    seen = set()
    paragraphs = []
    for unit in units:
        for paragraph in getattr(unit, "paragraphs", None) or []:
            key = (paragraph.story, paragraph.part, paragraph.index)
            if key not in seen:
                seen.add(key)
                paragraphs.append(paragraph)
    if not paragraphs and document is not None:
        paragraphs = document.story("body")
    return paragraphs


_SHIPPED = object()


def tag_sentences(sentences: list[Sentence], categories: Iterable[Category] | None = None,
                  max_spans: int = 5, model: "SentenceModel | None" = _SHIPPED) -> list[dict]:
    """Score every category over the sentences and return one result dict per category.

    NOTE: each sentence is scored on its own, so a clause whose meaning depends on a
    definition elsewhere (an "Affiliate License-Licensor" grant of "Licensed IP" defined as
    IP of the licensor's affiliates) is missed.

    ``model`` is the trained sentence model (default: the shipped ``model.json``; None means
    patterns only). A category the model covers is scored by its probability and threshold,
    or, when its ``combine`` is "either", also counts the sentences its patterns accept; the
    other categories are scored by their patterns.

    A result is ``{"category", "present", "score", "spans"}``; ``score`` is the best sentence
    score, and ``spans`` lists up to ``max_spans`` sentences that reach the threshold, best
    first, as ``{"story", "part", "index", "quote", "start", "end"}``: the paragraph locator
    (``index`` counts paragraphs of one part) and offsets in its current text.
    """
    categories = load_categories() if categories is None else categories
    if model is _SHIPPED:
        model = load_model()
    categories = list(categories)
    # Scores depend only on the masked text, so a sentence that repeats (a defined term, a
    # boilerplate line) is scored once.
    texts: dict[str, int] = {}
    numbers = [texts.setdefault(s.masked, len(texts)) for s in sentences]
    unique = list(texts)
    words = [_WORD.findall(text) for text in unique]
    rules = rule_scores(categories, unique, words)
    model_scores = model.score_texts(unique, rules, words) if model is not None else {}

    results = []
    for category in categories:
        if category.name in model_scores:
            values = model_scores[category.name]
            threshold = model.categories[category.name].threshold
            if model.categories[category.name].combine == "either":
                # Rescale the pattern score so that it reaches the model threshold exactly
                # when it reaches the pattern threshold: one comparison then decides both.
                # The cap keeps the score a probability-like value in [0, 1].
                scale = threshold / category.threshold
                values = [max(value, min(1.0, rule * scale))
                          for value, rule in zip(values, rules[category.name])]
        else:
            values = rules[category.name]
            threshold = category.threshold
        # Every score is at least 0, so the best score is the maximum. The spans are the
        # sentences at or above the threshold (always above 0), best first, ties in document order.
        best = max(values, default=0.0)
        present = best >= threshold
        accepted = [(values[k], s) for k, s in zip(numbers, sentences) if values[k] >= threshold]
        accepted.sort(key=lambda item: -item[0])
        spans = [
            {"story": s.story, "part": s.part, "index": s.index, "quote": s.text,
             "start": s.start, "end": s.end}
            for value, s in accepted[:max_spans]
        ]
        results.append({"category": category.name, "present": present,
                        "score": round(best, 4), "spans": spans})
    return results


def tag_cuad(units: Iterable, document: Document | None = None) -> list[dict]:
    """Tag the CUAD categories of a contract from its clause units.

    Only ``unit.paragraphs`` is read: each paragraph is cut into sentences, so spans point at
    a paragraph ``index`` with ``start``/``end`` offsets in its current text. When no unit
    carries paragraphs, the body of ``document`` is used.
    """
    return tag_sentences(_sentences(_unit_paragraphs(units, document)))


def tag_text(text: str) -> list[dict]:
    """Tag plain contract text; paragraphs are split on blank lines as for a .txt file."""
    from ..plaintext import read_text

    document = read_text(text.encode("utf-8"))
    return tag_sentences(_sentences(document.story("body")))


def tag_document(document: Document, model: "SentenceModel | None" = _SHIPPED) -> list[dict]:
    """Tag the body of a read document without clause units (used by the CUAD evaluation).

    ``model`` is as for ``tag_sentences``: the shipped model by default, None for patterns only.
    """
    return tag_sentences(_sentences(document.story("body")), model=model)


# --- governing law ------------------------------------------------------------------------

EU_MEMBER_STATES = (
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Czechia",
    "Denmark", "Estonia", "Finland", "France", "Germany", "Greece", "Hungary", "Ireland",
    "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "the Netherlands", "Netherlands",
    "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
)
_EU_NAMES = {name.lower().removeprefix("the ") for name in EU_MEMBER_STATES} | {
    "european union", "the european union", "holland", "republic of ireland",
    "federal republic of germany", "kingdom of spain", "kingdom of sweden",
    "kingdom of the netherlands", "kingdom of belgium", "kingdom of denmark",
    "republic of france", "french republic", "italian republic", "republic of italy",
    "republic of austria", "republic of finland", "republic of poland",
    "grand duchy of luxembourg", "republic of cyprus", "republic of malta",
    "portuguese republic", "hellenic republic",
}

# "laws of the State of New York", "law of England and Wales", "laws of Ireland",
# "Delaware law", "the laws of the Province of Ontario". The name stops at a comma, "and" +
# lower-case word, "without", "excluding", "applicable" and similar words that end the phrase.
_LAW_OF = re.compile(
    r"\b(?i:laws?\s+(?:of|in\s+force\s+in|in|prevailing\s+in|applicable\s+in))\s+"
    r"(?P<name>(?:the\s+)?(?:(?:State|Commonwealth|Province|Kingdom|Republic|Federal\s+Republic|"
    r"Grand\s+Duchy|People'?s\s+Republic|Hong\s+Kong\s+Special\s+Administrative\s+Region)"
    r"\s+of\s+(?:the\s+)?)?[A-Z][A-Za-z.'\-]*(?:\s+(?:and\s+(?=[A-Z])|of\s+(?=[A-Z]))?[A-Z][A-Za-z.'\-]*)*)"
)
_ADJECTIVE_LAW = re.compile(
    r"\b(?P<name>(?:New\s+York|Delaware|California|Texas|Nevada|Florida|Massachusetts|Illinois|"
    r"English|Irish|German|French|Dutch|Swiss|Swedish|Italian|Spanish|Belgian|Austrian|"
    r"Danish|Finnish|Luxembourg|Polish|Portuguese|Czech|Canadian|Ontario|Singapore|Hong\s+Kong|"
    r"Israeli|Japanese|Chinese|Korean|Indian|Australian|EU|European\s+Union))\s+law\b"
)
_ADJECTIVE_TO_PLACE = {
    "english": "England and Wales", "irish": "Ireland", "german": "Germany", "french": "France",
    "dutch": "the Netherlands", "swiss": "Switzerland", "swedish": "Sweden", "italian": "Italy",
    "spanish": "Spain", "belgian": "Belgium", "austrian": "Austria", "danish": "Denmark",
    "finnish": "Finland", "polish": "Poland", "portuguese": "Portugal", "czech": "Czechia",
    "canadian": "Canada", "israeli": "Israel", "japanese": "Japan", "chinese": "China",
    "korean": "Korea", "indian": "India", "australian": "Australia", "eu": "European Union",
}
_STATE_OF = re.compile(r"\b(?:State|Commonwealth|Province)\s+of\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?")
# Not a place on its own: the country of a US state, or what is left of a placeholder such
# as "the Governing State" or "State of <Governing Law>".
_NAME_NOISE = re.compile(
    r"^(?:(?:the\s+)?(?:United\s+States(?:\s+of\s+America)?|U\.S\.A?\.?)|the|"
    r"state|province|commonwealth|country|jurisdiction)?$",
    re.I,
)


def _clean_jurisdiction(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip().rstrip(".")
    if name.isupper():
        name = name.title().replace(" Of ", " of ").replace(" And ", " and ").replace("The ", "the ")
    # A trailing capitalised word that starts the next phrase ("New York Without") is not
    # part of the place; CUAD contracts often write whole clauses in capitals.
    name = re.sub(r"\s+(?:Without|Excluding|Applicable|As|And|In|Including|Except|Other|Which|"
                  r"That|Governing|Regardless|Notwithstanding|For|To|Shall)\b.*$", "", name)
    # "the State of New York" reads as "State of New York"; "the Netherlands" keeps its article.
    return re.sub(r"^the\s+(?=(?:State|Commonwealth|Province|Kingdom|Republic|Federal|Grand|"
                  r"People|Hong|European)\b)", "", name, flags=re.IGNORECASE)


def find_jurisdiction(text: str) -> str | None:
    """Return the place whose law a governing-law sentence names, or None."""
    candidates = []
    for match in _LAW_OF.finditer(text):
        name = _clean_jurisdiction(match.group("name"))
        if name and not _NAME_NOISE.match(name):
            candidates.append((match.start(), name))
    for match in _ADJECTIVE_LAW.finditer(text):
        word = re.sub(r"\s+", " ", match.group("name"))
        candidates.append((match.start(), _ADJECTIVE_TO_PLACE.get(word.lower(), word)))
    if not candidates:
        # "the laws of the United States and the State of Florida": the place follows.
        state = _STATE_OF.search(text)
        return _clean_jurisdiction(state.group(0)) if state else None
    candidates.sort()
    return candidates[0][1]


def is_eu_jurisdiction(name: str | None) -> bool:
    """Tell whether a place name is the European Union or one of its 27 member states."""
    if not name:
        return False
    key = re.sub(r"\s+", " ", name).strip().lower()
    key = re.sub(r"^(?:the\s+)?(?:laws?\s+of\s+)?(?:the\s+)?", "", key)
    return key in _EU_NAMES or any(key.endswith(" " + eu) for eu in _EU_NAMES)


def governing_law(units: Iterable, document: Document | None = None) -> dict:
    """Return the governing-law clause and its jurisdiction.

    The result is ``{"text": quote or None, "jurisdiction": place or None, "eu": bool}``,
    with ``eu`` true for the law of the European Union or of one of its member states.
    """
    category = next(c for c in load_categories() if c.name == "Governing Law")
    sentences = _sentences(_unit_paragraphs(units, document))
    best = None
    for sentence in sentences:
        value = category.score_masked(sentence.masked)
        if value >= category.threshold and (best is None or value > best[0]):
            best = (value, sentence)
    if best is None:
        return {"text": None, "jurisdiction": None, "eu": False}
    quote = best[1].text
    jurisdiction = find_jurisdiction(quote)
    return {"text": quote, "jurisdiction": jurisdiction, "eu": is_eu_jurisdiction(jurisdiction)}
