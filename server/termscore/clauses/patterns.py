"""Pattern syntax of the clause library, and the text normalisation patterns run on.

Rule patterns are Python regular expressions, matched case-insensitively on normalised
text. ``{NAME}`` placeholders (upper-case names) expand to shared alternations:

- ``{DATA}``: nouns for what the protected party supplies (data, content, inputs, prompts,
  deliverables, feedback, suggestions …; generic nouns such as "information" or
  "materials" only after an owner: "Customer materials") plus the document's own defined
  terms for them;
- ``{MODEL}``: machine-learning models, algorithms, AI systems;
- ``{TRAIN}``: verbs for training or improving a model;
- ``{US}`` and ``{THEM}``: the names of the protected party and of the other party.

Compiled patterns are cached per process and per placeholder values.
"""

from __future__ import annotations

import functools
import re

DEFAULT_PLACEHOLDERS: dict[str, str] = {
    "DATA": (
        r"(?:(?:customer|client|company|user|your|licensee|subscriber)(?:'s|s')?\s+"
        r"(?:personal\s+|business\s+|proprietary\s+|confidential\s+)?"
        r"(?:data|content|information|inputs?|outputs?|prompts?|materials?|deliverables?|"
        r"documents?|files|code|works?|recordings?|logs?|metadata)"
        r"|(?:personal\s+)?(?:data|content|inputs?|outputs?|prompts?|deliverables?|"
        r"work\s+product|feedback|suggestions|submissions?|metadata|telemetry|usage\s+data))"
    ),
    "MODEL": (
        r"(?:(?:(?:large\s+)?(?:machine[- ]learning|ml|ai|artificial[- ]intelligence|"
        r"(?:large\s+)?language|generative|neural|foundation(?:al)?|predictive|"
        r"statistical|deep[- ]learning)\s+)"
        r"(?:models?|algorithms?|systems?|networks?|tools?|technolog(?:y|ies)|products?)"
        # A bare "model" counts, except the business kinds ("pricing model").
        r"|(?<!business )(?<!pricing )(?<!financial )(?<!revenue )(?<!operating )"
        r"(?<!delivery )(?<!licensing )(?<!subscription )(?<!service )(?<!staffing )"
        r"(?<!provider )(?<!distribution )(?<!sales )(?<!reseller )(?<!partnership )models?"
        r"|algorithms?|neural\s+networks?|artificial\s+intelligence|machine\s+learning)"
    ),
    "TRAIN": (
        r"(?:(?:re-?|pre-?)?train(?:s|ed|ing)?|fine[- ]?tun(?:e|es|ed|ing)|teach(?:es|ing)?|"
        r"develop(?:s|ed|ing)?|improv(?:e|es|ed|ing)|enhanc(?:e|es|ed|ing)|"
        r"refin(?:e|es|ed|ing)|build(?:s|ing)?|calibrat(?:e|es|ed|ing)|evaluat(?:e|es|ing))"
    ),
    "US": r"(?:customer|client|you|your)",
    "THEM": r"(?:provider|vendor|supplier|we|us|our)",
}

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")

# Characters that look different but match the same: typographic quotes and apostrophes,
# no-break and narrow spaces, non-breaking hyphens. Soft hyphens and zero-width
# characters are removed; HTML tags in Markdown sources are removed too.
_TRANSLATE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-",
}
_REMOVE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_SPECIAL = re.compile(
    "[" + "".join(_TRANSLATE) + "".join(_REMOVE) + "]|</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>]*)?>"
)


@functools.lru_cache(maxsize=16384)
def normalise(text: str) -> tuple[str, list[int] | None]:
    """Return (normalised text, offset map) for matching.

    ``offsets[i]`` is the offset in ``text`` of normalised character ``i``; the map has one
    extra entry, ``len(text)``, so an end offset maps too. The map is None when nothing
    changed, which is the common case and costs nothing. Results are cached, so callers
    must not modify the returned map.
    """
    if not _SPECIAL.search(text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPECIAL.finditer(text):
        start, end = match.span()
        out.append(text[position:start])
        offsets.extend(range(position, start))
        token = match.group()
        if len(token) == 1 and token in _TRANSLATE:
            out.append(_TRANSLATE[token])
            offsets.append(start)
        position = end
    out.append(text[position:])
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    return "".join(out), offsets


def to_original(offsets: list[int] | None, index: int) -> int:
    """Map a normalised offset back to the text ``normalise`` was given."""
    return index if offsets is None else offsets[index]


def expand(pattern: str, placeholders: dict[str, str] | None = None) -> str:
    """Replace ``{NAME}`` placeholders; an unknown name raises KeyError naming it."""
    values = placeholders or DEFAULT_PLACEHOLDERS

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"unknown placeholder {{{name}}}; use one of "
                           + ", ".join("{" + n + "}" for n in sorted(values)))
        return values[name]

    return _PLACEHOLDER.sub(substitute, pattern)


@functools.lru_cache(maxsize=4096)
def _compile(expanded: str) -> re.Pattern:
    return re.compile(expanded, re.IGNORECASE)


def compile_pattern(pattern: str, placeholders: dict[str, str] | None = None) -> re.Pattern:
    """Compile a library pattern, cached; raises re.error or KeyError for a bad one."""
    return _compile(expand(pattern, placeholders))


def alternation(words: list[str]) -> str:
    """Return a non-capturing alternation matching any of ``words`` as whole words."""
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    escaped = [re.escape(w).replace(r"\ ", r"\s+").replace("'", "['\u2019]") for w in unique]
    return r"(?:\b(?:" + "|".join(escaped) + r")\b)" if escaped else r"(?!x)x"
