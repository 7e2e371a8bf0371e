// The fake must enforce the real API's rules, or the pane's tests prove nothing.
import test from "node:test";
import assert from "node:assert/strict";

import { createFakeOffice, SAMPLE_PARAGRAPHS } from "./helpers.mjs";

test("fake property unreadable before sync", async () => {
  const { Word } = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });

  await Word.run(async (context) => {
    const paragraphs = context.document.body.paragraphs;
    paragraphs.load("items/text");

    assert.throws(() => paragraphs.items, { code: "PropertyNotLoaded" });
    await context.sync();
    assert.equal(paragraphs.items[2].text, SAMPLE_PARAGRAPHS[2]);
    assert.throws(() => paragraphs.items[2].uniqueLocalId, { code: "PropertyNotLoaded" });
  });
});

test("fake search over 255 fails at sync", async () => {
  const { Word } = createFakeOffice({ paragraphs: ["x".repeat(300)] });

  await Word.run(async (context) => {
    const paragraphs = context.document.body.paragraphs;
    paragraphs.load("items/text");
    await context.sync();
    const results = paragraphs.items[0].search("x".repeat(256), { matchCase: true });
    results.load("items");

    await assert.rejects(context.sync(), { code: "InvalidArgument" });
  });
});

test("fake records tracked replace", async () => {
  const { Word, doc } = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });

  await Word.run(async (context) => {
    context.document.changeTrackingMode = "TrackAll";
    const paragraphs = context.document.body.paragraphs;
    paragraphs.load("items/text");
    await context.sync();
    const results = paragraphs.items[2].search("may", { matchCase: true });
    results.load("items");
    await context.sync();
    results.items[0].insertText("shall not", "Replace");
    await context.sync();
  });

  assert.deepEqual(
    doc.trackedChanges.map(({ type, text }) => [type, text]),
    [["Deleted", "may"], ["Added", "shall not"]],
  );
  assert.equal(doc.untrackedEdits.length, 0);
  assert.match(doc.paragraphs[2].text, /^7\.2 Provider shall not use/);
});

test("fake unsynced edit changes nothing", async () => {
  const { Word, doc } = createFakeOffice({ paragraphs: SAMPLE_PARAGRAPHS });

  await Word.run(async (context) => {
    context.document.body.insertParagraph("never synced", "End");
  });

  assert.equal(doc.paragraphs.length, SAMPLE_PARAGRAPHS.length);
});

test("fake isSetSupported follows apiVersion", () => {
  const versions = { "1.3": [true, false, false], "1.4": [true, true, false], "1.6": [true, true, true] };
  for (const [apiVersion, expected] of Object.entries(versions)) {
    const { Office } = createFakeOffice({ apiVersion });
    const actual = ["1.3", "1.4", "1.6"].map((v) => Office.context.requirements.isSetSupported("WordApi", v));
    assert.deepEqual(actual, expected, apiVersion);
  }
});

test("fake 1.3 rejects changeTrackingMode", async () => {
  const { Word } = createFakeOffice({ apiVersion: "1.3", paragraphs: SAMPLE_PARAGRAPHS });

  await Word.run(async (context) => {
    context.document.load("changeTrackingMode");
    await assert.rejects(context.sync(), { code: "ApiNotFound" });
  });
});

test("fake 1.4 rejects uniqueLocalId", async () => {
  const { Word } = createFakeOffice({ apiVersion: "1.4", paragraphs: SAMPLE_PARAGRAPHS });

  await Word.run(async (context) => {
    context.document.body.paragraphs.load("items/text,items/uniqueLocalId");
    await assert.rejects(context.sync(), { code: "ApiNotFound" });
  });
});
