"""Checks that a redlined package keeps the promises of tracked changes.

Transforms work on copies of parsed XML: accept or reject every revision, or only the
revisions one author added (identified by author plus an id the input did not have). The
checker compares the results with the input, paragraph by paragraph, character by
character with the formatting of each character, and checks ids and nesting.

Used by the redline tests and by the benchmark; nothing here imports the code under test
beyond the package reader.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def qn(local: str) -> str:
    return f"{{{W}}}{local}"


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{" + W + "}"):
        return ""
    return tag[len(W) + 2:]


RUN_REVISIONS = ("ins", "del", "moveFrom", "moveTo")
REVISION_TAGS = RUN_REVISIONS + (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
    "tblGridChange", "tblPrExChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    "moveFromRangeStart", "moveToRangeStart",
)
_STORY_ROOTS = ("body", "hdr", "ftr", "footnote", "endnote", "comment", "txbxContent")


# -- selecting revisions ------------------------------------------------------------------

def _is_ours(element, author: str | None, original_ids: set[str] | None) -> bool:
    if author is None:
        return True
    if element.get(qn("author")) != author:
        return False
    return original_ids is None or element.get(qn("id")) not in original_ids


def _is_mark(element) -> bool:
    """True for the ins/del of a paragraph mark (``w:pPr/w:rPr/w:ins``) or a run's rPr."""
    parent = element.getparent()
    return parent is not None and _local(parent) == "rPr"


# -- transforms ---------------------------------------------------------------------------

def accept(root, *, author: str | None = None, original_ids: set[str] | None = None,
           merge: bool = True):
    """Return a copy of ``root`` with the selected revisions accepted (all when no author).

    With ``merge=False`` paragraphs whose mark is deleted are kept apart, so the copy has
    the same paragraphs as ``root``.
    """
    return _transform(root, accept=True, author=author, original_ids=original_ids,
                      merge=merge)


def reject(root, *, author: str | None = None, original_ids: set[str] | None = None):
    """Return a copy of ``root`` with the selected revisions rejected (all when no author)."""
    return _transform(root, accept=False, author=author, original_ids=original_ids)


def _transform(root, *, accept: bool, author, original_ids, merge: bool = True):
    root = copy.deepcopy(root)
    keep_tags = ("ins", "moveTo") if accept else ("del", "moveFrom")
    drop_tags = ("del", "moveFrom") if accept else ("ins", "moveTo")
    merges = []
    for element in list(root.iter(*(qn(t) for t in RUN_REVISIONS))):
        if not _is_ours(element, author, original_ids):
            continue
        if _is_mark(element):
            rpr = element.getparent()
            if _local(rpr.getparent()) == "pPr" and _local(element) in drop_tags:
                merges.append((rpr.getparent().getparent(), not accept))
            rpr.remove(element)
            continue
        if _local(element) in drop_tags:
            _remove_keep_tail(element)
        elif _local(element) in keep_tags:
            if _local(element) in ("del", "moveFrom"):
                for text in element.iter(qn("delText"), qn("delInstrText")):
                    text.tag = qn("t") if _local(text) == "delText" else qn("instrText")
            _unwrap(element)
    for change in list(root.iter(qn("rPrChange"), qn("pPrChange"))):
        if _is_ours(change, author, original_ids):
            if accept:
                change.getparent().remove(change)
            else:
                _restore_properties(change)
    if merge:
        for paragraph, rejected_insertion in merges:
            _merge_with_next(paragraph, strict=rejected_insertion)
    return root


def _remove_keep_tail(element) -> None:
    element.getparent().remove(element)


def _unwrap(element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _restore_properties(change) -> None:
    properties = change.getparent()
    old = change.find(qn(_local(properties)))
    for child in list(properties):
        # A paragraph's mark properties and section break are not part of w:pPrChange.
        if _local(child) not in ("rPr", "sectPr"):
            properties.remove(child)
    if old is not None:
        for child in list(old):
            properties.append(child)


def _next_paragraph(paragraph):
    following = paragraph.getnext()
    while following is not None and _local(following) != "p":
        following = following.getnext() if _local(following) in ("bookmarkStart", "bookmarkEnd") \
            else None
    return following


def _mark_deleted(paragraph) -> bool:
    rpr = paragraph.find(qn("pPr") + "/" + qn("rPr"))
    return rpr is not None and (rpr.find(qn("del")) is not None or
                                rpr.find(qn("moveFrom")) is not None)


def _merge_with_next(paragraph, strict: bool = False) -> None:
    """Remove a paragraph mark: the paragraph's content joins the next paragraph."""
    following = _next_paragraph(paragraph)
    content = [c for c in paragraph if _local(c) != "pPr"]
    parent = paragraph.getparent()
    if following is not None:
        ppr = following.find(qn("pPr"))
        index = 1 if ppr is not None else 0
        for offset, child in enumerate(content):
            following.insert(index + offset, child)
        parent.remove(paragraph)
    # A rejected inserted mark with no following paragraph (end of the body or a cell,
    # or a table next) has nothing to join: the paragraph stays, as it does in
    # LibreOffice, and the paragraph count shows it. The writer avoids that by moving the
    # previous paragraph's mark; only with no previous paragraph either (a content
    # control or table before it) is an empty one dropped, a limit the writer warns about.
    elif not _paragraph_text(paragraph) and (
            not strict or _local(_previous_sibling(paragraph)) != "p"):
        parent.remove(paragraph)


def _previous_sibling(paragraph):
    node = paragraph.getprevious()
    while node is not None and _local(node) in ("bookmarkStart", "bookmarkEnd"):
        node = node.getprevious()
    return node if node is not None else paragraph.getparent()


# -- text and formatting views -----------------------------------------------------------

def _char_of(element) -> str | None:
    name = _local(element)
    if name in ("t", "delText"):
        return element.text or ""
    if name in ("tab", "ptab") and _local(element.getparent()) == "r":
        return "\t"
    if name in ("br", "cr"):
        return "\n"
    if name == "noBreakHyphen":
        return "\u2011"
    if name == "softHyphen":
        return "\u00ad"
    if name == "sym":
        return "?"
    return None


def _runs_of(paragraph):
    """Yield (run, in_field_instructions) for the paragraph's own runs, skipping text boxes."""
    depth_stack = []
    stack = list(reversed(list(paragraph)))
    while stack:
        node = stack.pop()
        name = _local(node)
        if name == "txbxContent" or name == "pPr":
            continue
        if name == "r":
            for char in node.iter(qn("fldChar")):
                kind = char.get(qn("fldCharType"))
                if kind == "begin":
                    depth_stack.append("instr")
                elif kind == "separate" and depth_stack:
                    depth_stack[-1] = "result"
                elif kind == "end" and depth_stack:
                    depth_stack.pop()
            yield node, bool(depth_stack) and depth_stack[-1] == "instr"
            continue
        stack.extend(reversed(list(node)))


def _paragraph_text(paragraph) -> str:
    out = []
    for run, in_instructions in _runs_of(paragraph):
        if in_instructions:
            continue
        for child in run:
            text = _char_of(child)
            if text:
                out.append(text)
    return "".join(out)


_NOISE = re.compile(r'\s(?:w:)?rsid\w*="[^"]*"')


def _rpr_key(run) -> str:
    rpr = run.find(qn("rPr"))
    if rpr is None:
        return ""
    if rpr.find(qn("rPrChange")) is not None:
        rpr = copy.deepcopy(rpr)
        for change in rpr.findall(qn("rPrChange")):
            rpr.remove(change)
    return _NOISE.sub("", etree.tostring(rpr, encoding="unicode"))


def formatted_chars(paragraph) -> list[tuple[str, str]]:
    """Return (character, run properties) for each character a paragraph shows."""
    out = []
    for run, in_instructions in _runs_of(paragraph):
        if in_instructions:
            continue
        key = None
        for child in run:
            text = _char_of(child)
            if not text:
                continue
            if key is None:
                key = _rpr_key(run)
            out.extend((char, key) for char in text)
    return out


def paragraphs(root) -> list:
    """Return every paragraph of a part root in document order, text-box paragraphs included."""
    return list(root.iter(qn("p")))


def texts(root) -> list[str]:
    return [_paragraph_text(p) for p in paragraphs(root)]


def formatted(root) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return, for each paragraph, its properties and characters with their formatting."""
    out = []
    for paragraph in paragraphs(root):
        ppr = paragraph.find(qn("pPr"))
        key = ""
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for mark in ppr.findall(qn("rPr")):
                ppr.remove(mark)
            # An empty w:pPr, such as one added to carry a paragraph-mark revision, sets
            # nothing.
            if len(ppr) or ppr.attrib:
                key = etree.tostring(ppr, method="c14n").decode()
        out.append((key, formatted_chars(paragraph)))
    return out


# -- structural checks --------------------------------------------------------------------

@dataclass
class Problems:
    """Problems found by ``check_package``; empty lists mean every invariant holds."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.items.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)


def story_roots(parts: dict) -> dict:
    """Return {part name: root} for the WordprocessingML story parts among ``parts``."""
    out = {}
    for name, root in parts.items():
        if root is None:
            continue
        if _local(root) in ("document", "hdr", "ftr", "footnotes", "endnotes", "comments"):
            out[name] = root
    return out


def check_nesting(name: str, root, problems: Problems) -> None:
    """Forbidden nesting: ins in ins, ins in del, del in del, revisions in w:r, w:t in w:del."""
    for element in root.iter(*(qn(t) for t in RUN_REVISIONS)):
        if _is_mark(element):
            continue
        parent = element.getparent()
        if _local(parent) == "r":
            problems.add(f"{name}: w:{_local(element)} id={element.get(qn('id'))} inside w:r")
        ancestor = parent
        while ancestor is not None and _local(ancestor) not in _STORY_ROOTS:
            outer = _local(ancestor)
            inner = _local(element)
            if outer in RUN_REVISIONS:
                forbidden = (inner in ("ins", "moveTo") and outer in ("ins", "moveTo", "del",
                                                                       "moveFrom")) or \
                            (inner in ("del", "moveFrom") and outer in ("del", "moveFrom"))
                if forbidden:
                    problems.add(f"{name}: w:{inner} id={element.get(qn('id'))} inside "
                                 f"w:{outer} id={ancestor.get(qn('id'))}")
                break
            ancestor = ancestor.getparent()
    for text in root.iter(qn("t"), qn("instrText"), qn("delText"), qn("delInstrText")):
        nearest = text.getparent()
        while nearest is not None and _local(nearest) not in RUN_REVISIONS + _STORY_ROOTS:
            nearest = nearest.getparent()
        kind = _local(nearest) if nearest is not None else ""
        if _local(text) in ("t", "instrText") and kind == "del":
            problems.add(f"{name}: w:{_local(text)} inside w:del id={nearest.get(qn('id'))}")
        if _local(text) in ("delText", "delInstrText") and kind not in ("del", "moveFrom"):
            problems.add(f"{name}: w:{_local(text)} outside any w:del")


def revision_ids(roots: dict) -> Counter:
    counts: Counter = Counter()
    for root in roots.values():
        for element in root.iter(*(qn(t) for t in REVISION_TAGS)):
            value = element.get(qn("id"))
            if value is not None:
                counts[value] += 1
    return counts


def all_ids(roots: dict) -> set[str]:
    out = set()
    for root in roots.values():
        for element in root.iter():
            value = element.get(qn("id"))
            if value is not None and _local(element) not in ("footnote", "endnote", "sdtPr"):
                out.add(value)
    return out


def foreign_revisions(root, author: str, original_ids: set[str] | None = None) -> dict:
    """Return {id: (tag, author, date, formatted text)} for revisions not made by us."""
    out = {}
    for element in root.iter(*(qn(t) for t in RUN_REVISIONS)):
        if _is_ours(element, author, original_ids):
            continue
        chars = []
        for run in element.iter(qn("r")):
            rkey = _rpr_key(run)
            for child in run:
                text = _char_of(child)
                if text:
                    chars.extend((c, rkey) for c in text)
        out[element.get(qn("id"))] = (_local(element), element.get(qn("author")),
                                      element.get(qn("date")), chars)
    return out


def _join_split_revisions(root, original_ids: set[str]):
    """Undo our split of another author's w:ins: join a part with a new id to its twin."""
    for element in list(root.iter(qn("ins"), qn("moveTo"))):
        if element.get(qn("id")) in original_ids:
            continue
        previous = element.getprevious()
        while previous is not None and _local(previous) in ("commentRangeStart",
                                                            "commentRangeEnd", "bookmarkStart",
                                                            "bookmarkEnd", "proofErr"):
            previous = previous.getprevious()
        if previous is None or previous.tag != element.tag:
            continue
        same = all(previous.get(qn(a)) == element.get(qn(a)) for a in ("author", "date"))
        if same and previous.get(qn("id")) in original_ids:
            for child in list(element):
                previous.append(child)
            element.getparent().remove(element)
    return root


def check_package(before: dict, after: dict, *, author: str,
                  expected_text: dict | None = None) -> Problems:
    """Check every invariant between the parsed story parts of an input and its redline.

    ``before`` and ``after`` map part names to parsed roots. ``expected_text``, when
    given, maps part names to the paragraph texts expected after accepting our revisions.
    """
    problems = Problems()
    before_roots = story_roots(before)
    after_roots = story_roots(after)
    original_ids = all_ids(before_roots)

    counts = revision_ids(after_roots)
    counts_before = revision_ids(before_roots)
    for value, count in counts.items():
        if count > max(1, counts_before.get(value, 0)):
            problems.add(f"revision id {value} used {count} times across the package")

    for name, root in after_roots.items():
        nesting = Problems()
        check_nesting(name, root, nesting)
        if nesting and name in before_roots:
            known = Problems()
            check_nesting(name, before_roots[name], known)
            seen = Counter(known.items)
            for item in nesting.items:
                if seen[item] > 0:
                    seen[item] -= 1
                else:
                    problems.add(item)
        else:
            problems.items.extend(nesting.items)
        old = before_roots.get(name)
        if old is None:
            if _local(root) != "comments":
                problems.add(f"{name}: new story part")
            continue
        if _local(root) == "comments":
            # Our comments are not revisions; leave them out of the comparison.
            root = copy.deepcopy(root)
            for comment in list(root.iter(qn("comment"))):
                if _is_ours(comment, author, original_ids):
                    comment.getparent().remove(comment)
        rejected = reject(root, author=author, original_ids=original_ids)
        if formatted(rejected) != formatted(old):
            _describe_difference(name, formatted(old), formatted(rejected), problems,
                                 "rejecting our revisions")
        rejected_all = texts(reject(root))
        if rejected_all != texts(reject(old)):
            problems.add(f"{name}: reject-all text differs from the input's reject-all text")
        accepted_ours = accept(root, author=author, original_ids=original_ids)
        if expected_text is not None and name in expected_text:
            if texts(accept(accepted_ours)) != expected_text[name]:
                _describe_text(name, expected_text[name], texts(accept(accepted_ours)),
                               problems, "accepting every revision")

        theirs_before = foreign_revisions(old, author, original_ids)
        joined = _join_split_revisions(copy.deepcopy(rejected), original_ids)
        theirs_after = foreign_revisions(joined, author, original_ids)
        for value, description in theirs_before.items():
            if theirs_after.get(value) != description:
                problems.add(f"{name}: revision id {value} by {description[1]!r} changed")
    return problems


def _describe_text(name, expected, actual, problems, action) -> None:
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            problems.add(f"{name}: paragraph {index} after {action}: expected {want!r}, "
                         f"got {got!r}")
            return
    problems.add(f"{name}: {len(actual)} paragraphs after {action}, expected {len(expected)}")


def _describe_difference(name, expected, actual, problems, action) -> None:
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            want_text = "".join(c for c, _ in want[1])
            got_text = "".join(c for c, _ in got[1])
            detail = "text" if want_text != got_text else "formatting or paragraph properties"
            problems.add(f"{name}: paragraph {index} after {action} differs in {detail}: "
                         f"expected {want_text[:80]!r}, got {got_text[:80]!r}")
            return
    problems.add(f"{name}: {len(actual)} paragraphs after {action}, expected {len(expected)}")


# -- expected results of a list of edits ----------------------------------------------------

def snapshot(package) -> dict:
    """Return {part name: parsed copy} of a package's XML parts, to compare with later."""
    out = {}
    for name, part in package.parts.items():
        if name.startswith("word/") and name.endswith(".xml"):
            out[name] = copy.deepcopy(part.xml)
    return out


def expected_texts(package, edits) -> dict:
    """Return {part name: paragraph texts} expected after accepting every revision.

    ``edits`` are ``ReplaceEdit``/``InsertParagraphsEdit`` objects (duck-typed); call this
    before applying them, because it locates paragraphs by their ``w:p`` element.
    """
    out: dict = {}
    elements: dict = {}
    for name, part in package.parts.items():
        if name.startswith("word/") and name.endswith(".xml") and _local(part.xml) in (
                "document", "hdr", "ftr", "footnotes", "endnotes"):
            out[name] = texts(accept(part.xml, merge=False))
            elements[name] = paragraphs(part.xml)
    replaces = [e for e in edits if hasattr(e, "start")]
    inserts = [e for e in edits if hasattr(e, "anchor")]
    whole = [e for e in edits if not hasattr(e, "start") and not hasattr(e, "anchor")]
    deleted_marks = set()
    for edit in whole:
        source = edit.paragraph.source
        index = elements[source.part.name].index(source.element)
        out[source.part.name][index] = ""
        if _next_paragraph(source.element) is not None and \
                _next_paragraph(source.element).getparent() is source.element.getparent():
            deleted_marks.add((source.part.name, index))
    for edit in sorted(replaces, key=lambda e: e.start, reverse=True):
        source = edit.paragraph.source
        index = elements[source.part.name].index(source.element)
        text = out[source.part.name][index]
        out[source.part.name][index] = text[:edit.start] + edit.text + text[edit.end:]
    pending = []
    for edit in inserts:
        new = [p.text for p in edit.paragraphs]
        if edit.anchor is None:
            name = package.main_part.name
            pending.append((name, len(out[name]), new))
            continue
        source = edit.anchor.source
        index = elements[source.part.name].index(source.element)
        if edit.position == "after":
            # Paragraphs nested in the anchor (text boxes) come before the new ones.
            index += 1 + sum(1 for _ in source.element.iter(qn("p"))) - 1
        pending.append((source.part.name, index, new))
    # Join paragraphs whose mark is deleted, as accepting every revision does.
    marks = {}
    for name, items in elements.items():
        marks[name] = [(_mark_deleted(p) or (name, i) in deleted_marks,
                        _next_paragraph(p) is not None) for i, p in enumerate(items)]
    # Later edits first at one index, so that edits after one anchor keep their order.
    ordered = sorted(enumerate(pending), key=lambda item: (item[1][1], item[0]), reverse=True)
    for _, (name, index, new) in ordered:
        out[name][index:index] = new
        marks[name][index:index] = [(False, True)] * len(new)
    for name in out:
        joined = []
        carry = ""
        for text, (deleted, has_next) in zip(out[name], marks[name]):
            if deleted and has_next:
                carry += text
                continue
            if deleted and not text:
                continue
            joined.append(carry + text)
            carry = ""
        out[name] = joined
    return out
