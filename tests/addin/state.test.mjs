import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";

import { browserDecisionStore, createState, officeDecisionStore, SETTINGS_KEY } from "../../addin/js/state.js";
import { describeError } from "../../addin/js/errors.js";
import { createFakeOffice } from "./helpers.mjs";

const SAMPLE = JSON.parse(fs.readFileSync(new URL("./fixtures/sample-audit.json", import.meta.url), "utf8"));

test("rejection survives reopening the document", async () => {
  const first = createFakeOffice({});
  const state = createState(officeDecisionStore(first.Office.context.document.settings));
  state.setAudit(SAMPLE);

  await state.decide(SAMPLE.findings[0], "rejected", "  agreed in negotiation ");

  const saved = first.doc.savedSettings[SETTINGS_KEY];
  assert.equal(saved[SAMPLE.findings[0].id].reason, "agreed in negotiation");
  const reopened = createFakeOffice({ settings: first.doc.savedSettings });
  const again = createState(officeDecisionStore(reopened.Office.context.document.settings));
  again.setAudit(SAMPLE);
  const open = [...again.openFindingsBySeverity().values()].flat().map((f) => f.id);
  assert.deepEqual(open, ["usage-data:91c0d2aa", "missing:data-deletion"]);
  assert.equal(again.decisionList()[0].decision, "rejected");
});

test("findings grouped by severity order", () => {
  const state = createState(null);
  state.setAudit(SAMPLE);

  const groups = state.openFindingsBySeverity();

  assert.deepEqual([...groups.keys()], ["high", "medium", "low", "info"]);
  assert.equal(groups.get("high").length, 1);
  assert.equal(groups.get("medium").length, 2);
});

test("undo reopens a finding", async () => {
  const state = createState(browserDecisionStore(null, "a.docx:10"));
  state.setAudit(SAMPLE);
  await state.decide(SAMPLE.findings[1], "accepted");
  assert.equal(state.openSuggestions().length, 2);

  await state.undo(SAMPLE.findings[1].id);

  assert.equal(state.openSuggestions().length, 3);
  assert.equal(state.decisionFor(SAMPLE.findings[1].id), null);
});

test("browser store keeps decisions per file", async () => {
  const memory = new Map();
  const storage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) };
  const state = createState(browserDecisionStore(storage, "msa.docx:100"));
  state.setAudit(SAMPLE);

  await state.decide(SAMPLE.findings[0], "rejected", "");

  assert.equal(createState(browserDecisionStore(storage, "msa.docx:100")).decisionList().length, 1);
  assert.equal(createState(browserDecisionStore(storage, "other.docx:100")).decisionList().length, 0);
});

test("setAudit ticks undecided suggestions", async () => {
  const state = createState(null);
  await state.decide(SAMPLE.findings[2], "rejected");

  state.setAudit(SAMPLE);

  assert.deepEqual([...state.selected], ["ai-training:3f2a9c1b", "usage-data:91c0d2aa"]);
});

test("describeError explains known codes", () => {
  const cases = {
    password_protected: /password/i,
    unsupported_format: /cannot read/i,
    corrupt_document: /damaged/i,
    document_too_large: /larger/i,
    unsafe_xml: /XML/,
    analysis_timeout: /too long/i,
    invalid_request: /did not accept/i,
    empty_document: /empty or has no text/i,
    empty_file: /empty \(0 bytes\)/i,
    GeneralException: /could not complete/i,
    InvalidArgument: /rejected the text/i,
    ItemNotFound: /no longer where/i,
    AccessDenied: /does not allow changes/i,
    NotAllowed: /does not allow this action/i,
  };
  for (const [code, title] of Object.entries(cases)) {
    const described = describeError({ code, message: "raw" });
    assert.match(described.title, title, code);
    assert.ok(described.next.length > 20, `${code} says what to do next`);
    assert.equal(described.detail, "raw");
  }
});

test("describeError handles unknown and 500", () => {
  assert.match(describeError({ code: "internal_error", status: 500, message: "x" }).title, /server failed/);
  assert.match(describeError(new Error("boom")).title, /went wrong/);
});
