// Word access: every read and write of the document goes through this module. Each
// action is one Word.run that queues its calls and syncs as few times as it can, because
// each context.sync() is a round trip to Word. Office and Word are passed in (the real
// globals by default) so that tests can run the same code against a fake host.

import { changeHunks } from "./worddiff.js";
import { PaneError } from "./errors.js";

// Word's search rejects search text longer than 255 characters (InvalidArgument on
// Windows), and escape codes such as "^^" count towards that limit.
export const MAX_SEARCH_LENGTH = 255;

function hosts(env = {}) {
  return { Office: env.Office ?? globalThis.Office, Word: env.Word ?? globalThis.Word };
}

/**
 * Return which optional requirement sets this Word offers: `tracking` (WordApi 1.4:
 * document.changeTrackingMode) and `paragraphIds` (WordApi 1.6: uniqueLocalId).
 */
export function capabilities(env) {
  const { Office } = hosts(env);
  const requirements = Office?.context?.requirements;
  const supports = (version) => Boolean(requirements?.isSetSupported?.("WordApi", version));
  return { tracking: supports("1.4"), paragraphIds: supports("1.6") };
}

// Word's search reads "^" as the start of a special character, so a caret, a tab and a
// manual line break (U+000B in Paragraph.text) are written as Word's codes for them.
const SEARCH_CODES = { "^": "^^", "\t": "^t", "\u000b": "^l" };

/** Escape text for Word's non-wildcard search. */
export function escapeSearch(text) {
  return text.replace(/[\^\t\u000b]/g, (character) => SEARCH_CODES[character]);
}

/** Return how many of `text`'s search-escaped characters fit in MAX_SEARCH_LENGTH, from the start or the end. */
function fittingLength(text, fromEnd) {
  let used = 0;
  let count = 0;
  const characters = [...text];
  if (fromEnd) characters.reverse();
  for (const character of characters) {
    const cost = SEARCH_CODES[character] ? 2 : character.length;
    if (used + cost > MAX_SEARCH_LENGTH) break;
    used += cost;
    count += character.length;
  }
  return count;
}

/**
 * Return which match of `needle` in `haystack` (counting non-overlapping matches from the
 * start, as Word's search does) begins at `offset`, or -1 when no match in that sequence
 * begins there (the text at `offset` overlaps an earlier match).
 */
export function occurrenceAt(haystack, needle, offset) {
  let index = 0;
  let position = haystack.indexOf(needle);
  while (position !== -1 && position < offset) {
    index += 1;
    position = haystack.indexOf(needle, position + needle.length);
  }
  return position === offset ? index : -1;
}

/**
 * Choose the longest head (or tail) of `text` that fits Word's search limit and that
 * Word's non-overlapping search reaches at its place in the paragraph. Repetitive
 * clauses need a shorter piece. Returns {piece, index} with `index` the match to take.
 */
function searchablePiece(text, scopeText, offset, fromEnd) {
  let length = fittingLength(text, fromEnd);
  while (length > 0) {
    const piece = fromEnd ? text.slice(text.length - length) : text.slice(0, length);
    const pieceOffset = fromEnd ? offset + text.length - length : offset;
    const index = occurrenceAt(scopeText, piece, pieceOffset);
    if (index >= 0) return { piece, index };
    length = Math.floor(length * 0.8);
  }
  throw new PaneError("text_not_found", `Word cannot search for "${shorten(text)}" at its place in the paragraph.`);
}

/**
 * Return the offset of a finding's quote in the paragraph's current text: the audit's
 * `start` when the text there still matches, else the first place the quote occurs.
 * Returns -1 when the quote is no longer in the paragraph.
 */
export function locateQuote(paragraphText, location) {
  const quote = location.quote ?? "";
  const start = location.start;
  if (Number.isInteger(start) && paragraphText.slice(start, start + quote.length) === quote) return start;
  return paragraphText.indexOf(quote);
}

/**
 * Queue the searches that find each {text, offset} inside `scope` (a paragraph whose text
 * is `scopeText`) and return a function to call after the next context.sync(), which
 * returns the matching ranges. Text longer than the search limit is found as a head and
 * a tail joined with Range.expandTo (WordApi 1.3).
 */
function queueFind(scope, scopeText, requests) {
  const options = { matchCase: true };
  const plans = requests.map(({ text, offset }) => {
    const head = searchablePiece(text, scopeText, offset, false);
    const heads = scope.search(escapeSearch(head.piece), options);
    heads.load("items");
    if (head.piece.length === text.length) {
      return { text, parts: [{ results: heads, index: head.index }] };
    }
    const tail = searchablePiece(text, scopeText, offset, true);
    const tails = scope.search(escapeSearch(tail.piece), options);
    tails.load("items");
    return {
      text,
      parts: [
        { results: heads, index: head.index },
        { results: tails, index: tail.index },
      ],
    };
  });

  return () =>
    plans.map(({ text, parts }) => {
      const ranges = parts.map(({ results, index }) => {
        const range = results.items[index];
        if (!range) {
          throw new PaneError("text_not_found", `Word could not find "${shorten(text)}" in the paragraph.`);
        }
        return range;
      });
      return ranges.length === 1 ? ranges[0] : ranges[0].expandTo(ranges[1]);
    });
}

function shorten(text, length = 60) {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * Queue the lookup of a finding's paragraph: by uniqueLocalId on WordApi 1.6, else by the
 * paragraph index Word reported (word_index) or the audit's own body index. Returns a
 * function to call after context.sync() that returns the loaded paragraph.
 */
function queueParagraph(context, location, caps) {
  if ((location.story ?? "body") !== "body") {
    throw new PaneError(
      "unsupported_story",
      `The clause is in the document's ${location.story}, which TermScore can only change through the web page's redlined download.`,
    );
  }
  if (caps.paragraphIds && location.word_id) {
    const paragraph = context.document.getParagraphByUniqueLocalId(location.word_id);
    paragraph.load("text");
    return () => paragraph;
  }
  const index = location.word_index ?? location.index;
  if (!Number.isInteger(index)) {
    throw new PaneError("text_not_found", "The finding does not say which paragraph it is in.");
  }
  const paragraphs = context.document.body.paragraphs;
  paragraphs.load("items/text");
  return () => {
    const paragraph = paragraphs.items[index];
    if (!paragraph) {
      throw new PaneError(
        "text_not_found",
        `The document has ${paragraphs.items.length} paragraphs now, and the clause was in paragraph ${index + 1}.`,
      );
    }
    return paragraph;
  };
}

/**
 * Read the document for an audit in one batch: the Flat OPC package from body.getOoxml()
 * and each body paragraph's text (plus uniqueLocalId on WordApi 1.6).
 * Returns {ooxml, paragraphs: [{index, text, id}]}.
 */
export function readDocument(env) {
  const { Word } = hosts(env);
  const caps = capabilities(env);
  return Word.run(async (context) => {
    const body = context.document.body;
    const ooxml = body.getOoxml();
    const paragraphs = body.paragraphs;
    paragraphs.load(caps.paragraphIds ? "items/text,items/uniqueLocalId" : "items/text");
    try {
      await context.sync();
    } catch (error) {
      // body.getOoxml() fails with GeneralException on some documents; say what to do.
      if (error?.code === "GeneralException") {
        throw new PaneError("export_failed", `Word could not export the document (${error.message}).`);
      }
      throw error;
    }

    return {
      ooxml: ooxml.value,
      paragraphs: paragraphs.items.map((paragraph, index) => ({
        index,
        text: paragraph.text,
        id: caps.paragraphIds ? paragraph.uniqueLocalId : null,
      })),
    };
  });
}

/**
 * Select a finding's text in the document. Returns {exact}: false when only the
 * paragraph could be selected because the quote is no longer in it.
 */
export function goTo(env, finding) {
  const { Word } = hosts(env);
  const caps = capabilities(env);
  return Word.run(async (context) => {
    const location = finding.location ?? {};
    const paragraph = queueParagraph(context, location, caps);
    await context.sync();

    const target = paragraph();
    const paragraphText = target.text;
    let request = null;
    const offset = location.quote ? locateQuote(paragraphText, location) : -1;
    if (offset >= 0) {
      request = { text: location.quote, offset };
    } else if (location.search_key && paragraphText.includes(location.search_key)) {
      request = { text: location.search_key, offset: paragraphText.indexOf(location.search_key) };
    }
    if (!request || !request.text) {
      target.select();
      await context.sync();
      return { exact: false };
    }

    const ranges = queueFind(target, paragraphText, [request]);
    await context.sync();
    ranges()[0].select();
    await context.sync();
    return { exact: true };
  });
}

/**
 * Turn on tracking (WordApi 1.4), run `edit`, and restore the previous tracking mode even
 * when `edit` fails. Without WordApi 1.4, `edit` runs untracked; the caller asks first.
 */
async function withTracking(context, caps, Word, edit) {
  if (!caps.tracking) return edit();

  const document = context.document;
  let previous = null;
  try {
    document.load("changeTrackingMode");
    await context.sync();
    previous = document.changeTrackingMode;
  } catch (error) {
    // Some Word builds fail to read the mode (PropertyNotLoaded) yet accept setting it.
    // Tracking is then left on afterwards, which never hides a change from the reviewer.
    if (error?.code !== "PropertyNotLoaded" && error?.code !== "GeneralException") throw error;
  }
  document.changeTrackingMode = Word.ChangeTrackingMode?.trackAll ?? "TrackAll";
  try {
    return await edit();
  } finally {
    if (previous !== null) {
      document.changeTrackingMode = previous;
      await context.sync();
    }
  }
}

/**
 * Plan the Word edits that turn `quote` (at `base` in the paragraph text) into
 * `replacement`, one per changed run of words: [{kind, text, offset, newText, where}].
 * `kind` is "replace", "delete" or "insert". An insert names an anchor word next to the
 * insertion point, and `where` says if the new text goes at its "Start" or "End".
 */
export function planWordEdits(quote, replacement, base) {
  return changeHunks(quote, replacement).map((hunk) => {
    if (hunk.oldText && hunk.newText) {
      return { kind: "replace", text: hunk.oldText, offset: base + hunk.start, newText: hunk.newText };
    }
    if (hunk.oldText) return { kind: "delete", text: hunk.oldText, offset: base + hunk.start };

    const after = /^\S+/.exec(quote.slice(hunk.start));
    if (after) {
      return { kind: "insert", text: after[0], offset: base + hunk.start, newText: hunk.newText, where: "Start" };
    }
    const before = /\S+\s*$/.exec(quote.slice(0, hunk.start));
    if (before) {
      return {
        kind: "insert",
        text: before[0],
        offset: base + hunk.start - before[0].length,
        newText: hunk.newText,
        where: "End",
      };
    }
    throw new PaneError("text_not_found", "The clause has no words to anchor the insertion to.");
  });
}

/**
 * Apply a finding's suggestion as tracked changes: a replacement changes only the words
 * that differ, a deletion removes the quote, and an insertion adds paragraphs next to
 * the anchor paragraph. Returns {tracked, changes}.
 */
export function applySuggestion(env, finding) {
  const { Word } = hosts(env);
  const caps = capabilities(env);
  const suggestion = finding.suggestion;
  if (!suggestion) throw new PaneError("invalid_request", `Finding ${finding.id} has no suggestion to apply.`);
  if (suggestion.action === "none") {
    // The finding shares the edit of another finding on the same words; applying it here
    // would delete the quote.
    throw new PaneError("invalid_request", `Finding ${finding.id} has no edit of its own; apply ${suggestion.see}.`);
  }

  return Word.run(async (context) => {
    const location = finding.location ?? {};
    const hasAnchor = Number.isInteger(location.word_index ?? location.index) || location.word_id;

    if (suggestion.action === "insert") {
      const paragraph = hasAnchor ? queueParagraph(context, location, caps) : null;
      return withTracking(context, caps, Word, async () => {
        await context.sync();
        const where = suggestion.position === "before" ? "Before" : "After";
        const paragraphs = String(suggestion.text).split(/\n+/).filter((line) => line.trim());
        const anchor = paragraph ? paragraph() : null;
        let previous = null;
        for (const text of paragraphs) {
          if (previous) previous = previous.insertParagraph(text, "After");
          else if (anchor) previous = anchor.insertParagraph(text, where);
          else previous = context.document.body.insertParagraph(text, "End");
        }
        await context.sync();
        return { tracked: caps.tracking, changes: paragraphs.length };
      });
    }

    const paragraph = queueParagraph(context, location, caps);
    return withTracking(context, caps, Word, async () => {
      await context.sync();
      const target = paragraph();
      const quote = location.quote ?? "";
      const base = locateQuote(target.text, location);
      if (!quote || base < 0) {
        throw new PaneError("text_not_found", "The clause text changed since the audit.");
      }

      const edits = planWordEdits(quote, suggestion.text ?? "", base);
      const ranges = queueFind(target, target.text, edits);
      await context.sync();

      ranges().forEach((range, index) => {
        const edit = edits[index];
        if (edit.kind === "replace") range.insertText(edit.newText, "Replace");
        else if (edit.kind === "delete") range.delete();
        else range.insertText(edit.newText, edit.where);
      });
      await context.sync();
      return { tracked: caps.tracking, changes: edits.length };
    });
  });
}

// The server numbers the addendum itself ("1.", "1.1", "(a)"), so the pane writes the
// numbers as text and uses plain built-in styles: Word's automatic list styles would
// renumber the clauses as one flat list.
const ADDENDUM_STYLES = {
  title: "Heading2",
  heading: "Heading3",
  clause: "Normal",
  subclause: "ListParagraph",
};

/** Return the built-in Word style for one addendum paragraph from /api/addendum?format=json. */
export function addendumStyle(paragraph) {
  return ADDENDUM_STYLES[paragraph.role] ?? "Normal";
}

/** Return the text of one addendum paragraph with its number in front. */
export function addendumText(paragraph) {
  return paragraph.number ? `${paragraph.number} ${paragraph.text}` : paragraph.text;
}

/**
 * Append the addendum at the end of the body as tracked insertions, each paragraph in a
 * built-in style (Heading 2, Heading 3, Normal, List Paragraph), so it takes the look the
 * document gives those styles.
 */
export function insertAddendum(env, paragraphs) {
  const { Word } = hosts(env);
  const caps = capabilities(env);
  return Word.run((context) =>
    withTracking(context, caps, Word, async () => {
      const body = context.document.body;
      for (const paragraph of paragraphs) {
        const inserted = body.insertParagraph(addendumText(paragraph), "End");
        inserted.styleBuiltIn = addendumStyle(paragraph);
      }
      await context.sync();
      return { tracked: caps.tracking, changes: paragraphs.length };
    }),
  );
}
