// Word-level diff of a clause and its suggested replacement. The pane uses it twice: to
// draw the inline redline (struck deletions, underlined insertions) and to find the few
// words that Accept must change in Word, so the reviewer sees a small tracked change.

// Above this many token pairs the table would cost too much memory; the diff then falls
// back to one replacement of the whole text.
const MAX_CELLS = 4_000_000;

/** Split text into alternating word and whitespace tokens that join back to the text. */
export function tokenize(text) {
  return text.match(/\s+|\S+/g) ?? [];
}

function pushOp(ops, op, text) {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) {
    last.text += text;
  } else {
    ops.push({ op, text });
  }
}

/**
 * Diff two strings word by word (longest common subsequence of tokens).
 * Returns operations {op: "equal" | "delete" | "insert", text}; joining the "equal" and
 * "delete" texts gives `before`, joining "equal" and "insert" gives `after`.
 */
export function diffWords(before, after) {
  const a = tokenize(before);
  const b = tokenize(after);
  const ops = [];

  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  pushOp(ops, "equal", a.slice(0, prefix).join(""));

  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    pushOp(ops, "delete", midA.join(""));
    pushOp(ops, "insert", midB.join(""));
  } else {
    diffMiddle(midA, midB, ops);
  }

  pushOp(ops, "equal", a.slice(a.length - suffix).join(""));
  return ops;
}

function diffMiddle(a, b, ops) {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // lengths[i * width + j] = length of the LCS of a[i:] and b[j:].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }

  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pushOp(ops, "equal", a[i]);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      pushOp(ops, "delete", a[i]);
      i += 1;
    } else {
      pushOp(ops, "insert", b[j]);
      j += 1;
    }
  }
  pushOp(ops, "delete", a.slice(i).join(""));
  pushOp(ops, "insert", b.slice(j).join(""));
}

/**
 * Group a diff into the edits to make on `before`: [{start, end, oldText, newText}], with
 * offsets into `before`, in order, not overlapping. Changes separated only by whitespace
 * become one edit, and whitespace shared by the ends of oldText and newText is left out,
 * so a replaced word does not also replace the spaces around it.
 */
export function changeHunks(before, after) {
  const ops = diffWords(before, after);
  const hunks = [];
  let position = 0;
  let current = null;

  ops.forEach((operation, index) => {
    if (operation.op === "equal") {
      const next = ops[index + 1];
      const bridges = current && next && /^\s+$/.test(operation.text);
      if (bridges) {
        current.oldText += operation.text;
        current.newText += operation.text;
        current.end += operation.text.length;
      } else if (current) {
        hunks.push(current);
        current = null;
      }
      position += operation.text.length;
      return;
    }
    if (!current) current = { start: position, end: position, oldText: "", newText: "" };
    if (operation.op === "delete") {
      current.oldText += operation.text;
      current.end += operation.text.length;
      position += operation.text.length;
    } else {
      current.newText += operation.text;
    }
  });
  if (current) hunks.push(current);

  return hunks.map(trimSharedWhitespace).filter((hunk) => hunk.oldText !== hunk.newText);
}

function trimSharedWhitespace(hunk) {
  let { start, end, oldText, newText } = hunk;
  while (oldText && newText && /\s/.test(oldText[0]) && oldText[0] === newText[0]) {
    oldText = oldText.slice(1);
    newText = newText.slice(1);
    start += 1;
  }
  while (
    oldText &&
    newText &&
    /\s/.test(oldText[oldText.length - 1]) &&
    oldText[oldText.length - 1] === newText[newText.length - 1]
  ) {
    oldText = oldText.slice(0, -1);
    newText = newText.slice(0, -1);
    end -= 1;
  }
  return { start, end, oldText, newText };
}
