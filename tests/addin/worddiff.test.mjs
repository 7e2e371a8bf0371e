import test from "node:test";
import assert from "node:assert/strict";

import { changeHunks, diffWords, tokenize } from "../../addin/js/worddiff.js";

test("tokenize keeps whitespace tokens", () => {
  assert.deepEqual(tokenize("may  use\tdata"), ["may", "  ", "use", "\t", "data"]);
  assert.equal(tokenize("may  use\tdata").join(""), "may  use\tdata");
});

test("diffWords rebuilds both texts", () => {
  const before = "Provider may use Customer Data to train its models.";
  const after = "Provider shall not use Customer Data to train any models.";
  const ops = diffWords(before, after);

  const rebuiltBefore = ops.filter((o) => o.op !== "insert").map((o) => o.text).join("");
  const rebuiltAfter = ops.filter((o) => o.op !== "delete").map((o) => o.text).join("");
  assert.equal(rebuiltBefore, before);
  assert.equal(rebuiltAfter, after);
});

test("changeHunks replaces only changed words", () => {
  const hunks = changeHunks("Provider may use Customer Data.", "Provider shall not use Customer Data.");

  assert.deepEqual(hunks, [{ start: 9, end: 12, oldText: "may", newText: "shall not" }]);
});

test("changeHunks finds a pure insertion", () => {
  const hunks = changeHunks("may use data", "may not use data");

  assert.equal(hunks.length, 1);
  assert.equal(hunks[0].oldText, "");
  assert.equal(hunks[0].start, hunks[0].end);
  const before = "may use data";
  const rebuilt = before.slice(0, hunks[0].start) + hunks[0].newText + before.slice(hunks[0].end);
  assert.equal(rebuilt, "may not use data");
});

test("changeHunks finds a pure deletion", () => {
  const hunks = changeHunks("use and improve data", "use data");

  assert.equal(hunks.length, 1);
  assert.equal(hunks[0].newText, "");
  assert.equal("use and improve data".slice(hunks[0].start, hunks[0].end), hunks[0].oldText);
});

test("changeHunks applied in reverse rebuild the replacement", () => {
  const cases = [
    ["Provider may use Customer Data to train and improve its models.", "Provider shall not use Customer Data to train or improve any artificial intelligence models."],
    ["A B C D E", "A X C Y E F"],
    ["same text", "same text"],
    ["", "new clause"],
    ["old clause", ""],
  ];
  for (const [before, after] of cases) {
    let text = before;
    for (const hunk of [...changeHunks(before, after)].reverse()) {
      assert.equal(text.slice(hunk.start, hunk.end), hunk.oldText);
      text = text.slice(0, hunk.start) + hunk.newText + text.slice(hunk.end);
    }
    assert.equal(text, after, `${before} -> ${after}`);
  }
});

test("changeHunks joins changes separated by spaces", () => {
  const hunks = changeHunks("one two three four", "one 2 3 four");

  assert.deepEqual(hunks, [{ start: 4, end: 13, oldText: "two three", newText: "2 3" }]);
});
