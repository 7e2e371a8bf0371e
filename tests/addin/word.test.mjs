import test from "node:test";
import assert from "node:assert/strict";

import {
  addendumStyle,
  applySuggestion,
  capabilities,
  escapeSearch,
  goTo,
  insertAddendum,
  locateQuote,
  occurrenceAt,
  planWordEdits,
  readDocument,
} from "../../addin/js/word.js";
import { createFakeOffice, replaceFinding, SAMPLE_PARAGRAPHS } from "./helpers.mjs";

const CHANGED = "7.2 Provider shall not use Customer Data to train or improve any machine learning models.";

function changes(doc) {
  return doc.trackedChanges.map(({ type, text }) => [type, text]);
}

test("capabilities per requirement set", () => {
  assert.deepEqual(capabilities(createFakeOffice({ apiVersion: "1.3" })), { tracking: false, paragraphIds: false });
  assert.deepEqual(capabilities(createFakeOffice({ apiVersion: "1.4" })), { tracking: true, paragraphIds: false });
  assert.deepEqual(capabilities(createFakeOffice({ apiVersion: "1.6" })), { tracking: true, paragraphIds: true });
});

test("readDocument one sync with ids on 1.6", async () => {
  const fake = createFakeOffice({ apiVersion: "1.6", paragraphs: SAMPLE_PARAGRAPHS, ooxml: "<pkg:package/>" });

  const result = await readDocument(fake);

  assert.equal(result.ooxml, "<pkg:package/>");
  assert.equal(result.paragraphs.length, 4);
  assert.deepEqual(result.paragraphs[2], { index: 2, text: SAMPLE_PARAGRAPHS[2], id: fake.doc.paragraphs[2].id });
  assert.equal(fake.doc.syncCount, 1);
});

test("readDocument without ids on 1.3", async () => {
  const fake = createFakeOffice({ apiVersion: "1.3", paragraphs: SAMPLE_PARAGRAPHS });

  const result = await readDocument(fake);

  assert.equal(result.paragraphs[1].id, null);
  assert.equal(result.paragraphs[1].text, SAMPLE_PARAGRAPHS[1]);
});

test("escapeSearch doubles carets", () => {
  assert.equal(escapeSearch("a^b^^c"), "a^^b^^^^c");
});

test("escapeSearch codes tab and line break", () => {
  assert.equal(escapeSearch("a\tb\u000bc"), "a^tb^lc");
});

test("goTo finds quote with a tab", async () => {
  const fake = createFakeOffice({ paragraphs: ["Fee:\tProvider may use data."] });
  const finding = replaceFinding({ index: 0, quote: "Fee:\tProvider may use data.", text: "" });
  finding.location = { ...finding.location, index: 0, start: 0 };

  const result = await goTo(fake, finding);

  assert.deepEqual(result, { exact: true });
  assert.equal(fake.doc.selection.text, "Fee:\tProvider may use data.");
});

test("accept when tracking mode unreadable", async () => {
  const fake = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS, trackingModeUnreadable: true });

  await applySuggestion(fake, replaceFinding({ text: CHANGED }));

  assert.equal(fake.doc.trackedChanges.length, 6);
  assert.equal(fake.doc.changeTrackingMode, "TrackAll", "left on rather than guessed");
});

test("occurrenceAt counts earlier matches", () => {
  assert.equal(occurrenceAt("use, use and use", "use", 0), 0);
  assert.equal(occurrenceAt("use, use and use", "use", 5), 1);
  assert.equal(occurrenceAt("use, use and use", "use", 13), 2);
  assert.equal(occurrenceAt("aaa", "aa", 1), -1);
});

test("locateQuote prefers audit offset", () => {
  assert.equal(locateQuote("ab ab", { quote: "ab", start: 3 }), 3);
  assert.equal(locateQuote("xx ab", { quote: "ab", start: 0 }), 3);
  assert.equal(locateQuote("xx", { quote: "ab", start: 0 }), -1);
});

test("planWordEdits anchors insertion on next word", () => {
  const edits = planWordEdits("may use data", "may not use data", 10);

  assert.deepEqual(edits, [{ kind: "insert", text: "use", offset: 14, newText: "not ", where: "Start" }]);
});

test("planWordEdits anchors final insertion on previous word", () => {
  const edits = planWordEdits("use the data", "use the data forever", 0);

  assert.deepEqual(edits, [{ kind: "insert", text: "data", offset: 8, newText: " forever", where: "End" }]);
});

for (const apiVersion of ["1.4", "1.6"]) {
  test(`accept tracks changed words only on ${apiVersion}`, async () => {
    const fake = createFakeOffice({ apiVersion, paragraphs: SAMPLE_PARAGRAPHS });
    const { paragraphs } = await readDocument(fake);
    const finding = replaceFinding({ text: CHANGED, extra: { word_index: 2, word_id: paragraphs[2].id } });

    const result = await applySuggestion(fake, finding);

    assert.deepEqual(result, { tracked: true, changes: 3 });
    assert.equal(fake.doc.paragraphs[2].text, CHANGED);
    assert.deepEqual(changes(fake.doc), [
      ["Deleted", "may"],
      ["Added", "shall not"],
      ["Deleted", "and"],
      ["Added", "or"],
      ["Deleted", "its"],
      ["Added", "any"],
    ]);
    assert.equal(fake.doc.changeTrackingMode, "Off", "the previous mode is restored");
    assert.equal(fake.doc.untrackedEdits.length, 0);
  });
}

test("accept keeps the user's tracking mode", async () => {
  const fake = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS, changeTrackingMode: "TrackMineOnly" });

  await applySuggestion(fake, replaceFinding({ text: CHANGED }));

  assert.equal(fake.doc.changeTrackingMode, "TrackMineOnly");
  assert.equal(fake.doc.trackedChanges.length, 6);
});

test("accept untracked on 1.3", async () => {
  const fake = createFakeOffice({ apiVersion: "1.3", paragraphs: SAMPLE_PARAGRAPHS });

  const result = await applySuggestion(fake, replaceFinding({ text: CHANGED }));

  assert.equal(result.tracked, false);
  assert.equal(fake.doc.paragraphs[2].text, CHANGED);
  assert.equal(fake.doc.trackedChanges.length, 0);
  assert.equal(fake.doc.untrackedEdits.length, 6);
});

test("accept picks the right repeated word", async () => {
  const paragraph = "Provider may use data and may share data.";
  const fake = createFakeOffice({ paragraphs: [paragraph] });
  const finding = replaceFinding({ index: 0, text: "Provider may use data and shall not share data." });
  finding.location = { ...finding.location, index: 0, quote: paragraph, start: 0, end: paragraph.length };

  await applySuggestion(fake, finding);

  assert.equal(fake.doc.paragraphs[0].text, "Provider may use data and shall not share data.");
  assert.deepEqual(changes(fake.doc), [["Deleted", "may"], ["Added", "shall not"]]);
});

test("accept finds quote that moved", async () => {
  const fake = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ quote: "Provider may use Customer Data", text: "Provider shall not use Customer Data" });
  finding.location.start = 0;

  await applySuggestion(fake, finding);

  assert.deepEqual(changes(fake.doc), [["Deleted", "may"], ["Added", "shall not"]]);
});

test("accept long clause uses head and tail", async () => {
  const long = `Provider may ${"process and retain the data ".repeat(15)}for training.`;
  const fake = createFakeOffice({ paragraphs: [long] });
  const finding = replaceFinding({ index: 0, text: "Provider shall not use the data for training." });
  finding.location = { ...finding.location, index: 0, quote: long, start: 0, end: long.length };
  assert.ok(long.length > 400);

  await applySuggestion(fake, finding);

  assert.equal(fake.doc.paragraphs[0].text, "Provider shall not use the data for training.");
  const deleted = fake.doc.trackedChanges.filter((c) => c.type === "Deleted").map((c) => c.text).join("|");
  assert.ok(deleted.length > 255, "the long deletion is one tracked change found by head and tail");
});

test("accept insert adds paragraph after anchor", async () => {
  const fake = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS });
  const finding = {
    id: "missing:data-deletion",
    kind: "missing",
    location: { story: "body", index: 3, quote: null, search_key: null, start: null, end: null },
    suggestion: { action: "insert", position: "after", text: "12.3 Provider shall delete Customer Data within 30 days." },
  };

  await applySuggestion(fake, finding);

  assert.equal(fake.doc.paragraphs[4].text, "12.3 Provider shall delete Customer Data within 30 days.");
  assert.deepEqual(changes(fake.doc), [["Added", "12.3 Provider shall delete Customer Data within 30 days."]]);
});

test("accept fails when the clause is gone", async () => {
  const fake = createFakeOffice({ paragraphs: ["Different text now."] });
  const finding = replaceFinding({ index: 0, quote: "Provider may use", text: "Provider shall not use" });
  finding.location.index = 0;

  await assert.rejects(applySuggestion(fake, finding), { code: "text_not_found" });
  assert.equal(fake.doc.changeTrackingMode, "Off");
});

test("goTo selects the quote on 1.3", async () => {
  const fake = createFakeOffice({ apiVersion: "1.3", paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ quote: "may use Customer Data", text: "" });

  const result = await goTo(fake, finding);

  assert.deepEqual(result, { exact: true });
  assert.deepEqual(fake.doc.selection, { paragraph: 2, start: 13, end: 34, text: "may use Customer Data" });
});

test("goTo uses word_id on 1.6", async () => {
  const fake = createFakeOffice({ apiVersion: "1.6", paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ quote: "Customer Data", text: "" });
  // A stale index: the id must win.
  finding.location.index = 0;
  finding.location.word_index = 0;
  finding.location.word_id = fake.doc.paragraphs[2].id;

  await goTo(fake, finding);

  assert.equal(fake.doc.selection.paragraph, 2);
  assert.equal(fake.doc.selection.text, "Customer Data");
});

test("goTo long quote selects whole span", async () => {
  const long = `Start ${"word ".repeat(80)}end.`;
  const fake = createFakeOffice({ paragraphs: [long] });
  const finding = replaceFinding({ index: 0, text: "" });
  finding.location = { ...finding.location, index: 0, quote: long, start: 0, end: long.length };

  await goTo(fake, finding);

  assert.equal(fake.doc.selection.text, long);
});

test("goTo missing quote selects paragraph", async () => {
  const fake = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ quote: "Provider may use", text: "" });
  finding.location.quote = "text that is not there";
  finding.location.search_key = "also missing";

  const result = await goTo(fake, finding);

  assert.deepEqual(result, { exact: false });
  assert.equal(fake.doc.selection.text, SAMPLE_PARAGRAPHS[2]);
});

test("insertAddendum tracked with styles", async () => {
  const fake = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS });
  const addendum = [
    { text: "AI Training Addendum", role: "title", level: 0, number: "" },
    { text: "Use of Customer Data", role: "heading", level: 1, number: "1." },
    { text: "Provider shall not train models on Customer Data.", role: "clause", level: 2, number: "1.1" },
    { text: "including fine-tuning;", role: "subclause", level: 3, number: "(a)" },
  ];

  await insertAddendum(fake, addendum);

  const added = fake.doc.paragraphs.slice(4).map((p) => [p.text, p.style]);
  assert.deepEqual(added, [
    ["AI Training Addendum", "Heading2"],
    ["1. Use of Customer Data", "Heading3"],
    ["1.1 Provider shall not train models on Customer Data.", "Normal"],
    ["(a) including fine-tuning;", "ListParagraph"],
  ]);
  assert.deepEqual(fake.doc.trackedChanges.map((c) => c.type), ["Added", "Added", "Added", "Added"]);
  assert.equal(fake.doc.changeTrackingMode, "Off");
});

test("addendumStyle maps roles", () => {
  assert.equal(addendumStyle({ role: "title" }), "Heading2");
  assert.equal(addendumStyle({ role: "heading" }), "Heading3");
  assert.equal(addendumStyle({ role: "subclause" }), "ListParagraph");
  assert.equal(addendumStyle({ role: "unknown" }), "Normal");
});

test("accept delete suggestion removes quote", async () => {
  const fake = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ quote: " to train and improve its machine learning models", text: "" });
  finding.suggestion.action = "delete";

  await applySuggestion(fake, finding);

  assert.equal(fake.doc.paragraphs[2].text, "7.2 Provider may use Customer Data.");
  assert.deepEqual(changes(fake.doc), [["Deleted", " to train and improve its machine learning models"]]);
});

test("readDocument explains failed export", async () => {
  const fake = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });
  const { OfficeExtensionError } = globalThis.TermScoreFakeOffice;
  fake.config.ooxml = null;
  Object.defineProperty(fake.config, "ooxml", {
    get() {
      throw new OfficeExtensionError("GeneralException", "An internal error has occurred.");
    },
  });

  await assert.rejects(readDocument(fake), { code: "export_failed" });
});

test("a finding that shares another's edit changes nothing", async () => {
  const fake = createFakeOffice({ apiVersion: "1.6", paragraphs: SAMPLE_PARAGRAPHS });
  const finding = replaceFinding({ id: "service-improvement:0001" });
  finding.suggestion = { action: "none", see: "ai-training:0001", clause: "ai-training-prohibition" };

  await assert.rejects(async () => applySuggestion(fake, finding), /apply ai-training:0001/);
  assert.equal(fake.doc.trackedChanges.length, 0);
  assert.equal(fake.doc.paragraphs[2].text, SAMPLE_PARAGRAPHS[2]);
});
