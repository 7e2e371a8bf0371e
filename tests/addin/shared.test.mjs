// Findings that share another finding's edit, and the refusal list, through the real
// controller and renderer on a minimal DOM.
import test from "node:test";
import assert from "node:assert/strict";

import { createController } from "../../addin/js/controller.js";
import { citedLabel, renderFinding } from "../../addin/js/render.js";
import { createState, hasOwnEdit, sharedEditOwner } from "../../addin/js/state.js";
import { SERVER_REFUSAL_REASON } from "../../addin/js/refusals.js";
import { createFakeOffice, replaceFinding, SAMPLE_PARAGRAPHS } from "./helpers.mjs";
import { createMiniDocument } from "./mini-dom.mjs";

const PRIMARY = replaceFinding({ id: "data-usage:0001", text: "7.2 Provider shall not use Customer Data to train models." });
const SHARED = {
  ...replaceFinding({ id: "service-improvement:0002" }),
  rule: "service-improvement",
  title: "Provider may use your data to improve its services",
  suggestion: { action: "none", see: "data-usage:0001", clause: "ai-training-prohibition" },
};
const OTHER = {
  ...replaceFinding({ index: 1, id: "definitions:0003", text: "1. Definitions." }),
  title: "Customer Data is defined narrowly",
};

function audit(findings = [PRIMARY, SHARED, OTHER]) {
  return { score: 40, grade: "D", findings, protections: [], warnings: [] };
}

function webPane({ redline } = {}) {
  const doc = createMiniDocument();
  const state = createState(null);
  const requests = [];
  const api = {
    auditFile: async () => audit(),
    redlineFile: async (file, ids) => {
      requests.push(ids);
      return { blob: new Blob(["PK"]), filename: "msa.redlined.docx", applied: ids.length, refused: 0, refusedIds: [], ...redline };
    },
  };
  const controller = createController({ doc, mode: "web", env: {}, api, state, download: () => {} });
  return { doc, state, controller, requests };
}

function card(doc, id) {
  return doc.querySelector(`[data-finding-id="${id}"]`);
}

test("hasOwnEdit and sharedEditOwner", () => {
  assert.equal(hasOwnEdit(PRIMARY), true);
  assert.equal(hasOwnEdit(SHARED), false);
  assert.equal(hasOwnEdit({ id: "x" }), false);
  assert.equal(sharedEditOwner(SHARED), "data-usage:0001");
  assert.equal(sharedEditOwner(PRIMARY), null);
});

test("shared finding not selected or counted", () => {
  const state = createState(null);

  state.setAudit(audit());

  assert.deepEqual([...state.selected].sort(), ["data-usage:0001", "definitions:0003"]);
  assert.deepEqual(state.openSuggestions().map((f) => f.id), ["data-usage:0001", "definitions:0003"]);
});

test("web card shows covered note, no checkbox", async () => {
  const { doc, controller } = webPane();

  await controller.actions.auditFile(new File(["PK"], "msa.docx"));

  const shared = card(doc, SHARED.id);
  assert.equal(shared.querySelectorAll('[data-testid="pick"]').length, 0);
  assert.equal(
    shared.querySelector('[data-testid="shared-note"]').querySelector('[class="shared-text"]').textContent,
    `The suggested change for ${PRIMARY.title} also covers this.`,
  );
  assert.equal(card(doc, PRIMARY.id).querySelectorAll('[data-testid="pick"]').length, 1);
  assert.equal(doc.querySelector('[data-testid="download-redline"]').textContent, "Download redlined .docx (2)");
});

test("show that finding focuses its card", async () => {
  const { doc, controller } = webPane();
  await controller.actions.auditFile(new File(["PK"], "msa.docx"));

  card(doc, SHARED.id).querySelector('[data-testid="show-owner"]').click();

  assert.equal(doc.activeElement.getAttribute("data-finding-id"), PRIMARY.id);
  assert.equal(doc.scrolledTo.element, doc.activeElement);
  assert.equal(doc.getElementById("status").textContent, `Showing: ${PRIMARY.title}`);
});

test("show that finding opens decisions when decided", async () => {
  const { doc, state, controller } = webPane();
  await controller.actions.auditFile(new File(["PK"], "msa.docx"));
  await state.decide(PRIMARY, "rejected");
  controller.render();

  card(doc, SHARED.id).querySelector('[data-testid="show-owner"]').click();

  assert.equal(state.view, "decisions");
  assert.equal(doc.activeElement.getAttribute("data-key"), "tab:decisions");
});

test("unknown owner gives note without link", () => {
  const doc = createMiniDocument();
  const orphan = { ...SHARED, id: "orphan:9", suggestion: { action: "none", see: "missing:1" } };
  const state = createState(null);
  state.setAudit(audit([orphan]));

  const element = renderFinding(doc, orphan, { mode: "web", actions: {}, selected: state.selected, findingById: state.findingById });

  assert.equal(element.querySelector('[class="shared-text"]').textContent, "The suggested change for another finding also covers this.");
  assert.equal(element.querySelectorAll('[data-testid="show-owner"]').length, 0);
});

test("redline request leaves out shared finding", async () => {
  const { state, controller, requests } = webPane();
  await controller.actions.auditFile(new File(["PK"], "msa.docx"));
  // Even if the shared id got into the selection, the request must not carry it.
  state.selected.add(SHARED.id);

  await controller.actions.downloadRedline();

  assert.deepEqual(requests[0].sort(), ["data-usage:0001", "definitions:0003"]);
});

test("redline refusals listed with titles", async () => {
  const { doc, controller } = webPane({ redline: { applied: 1, refused: 1, refusedIds: ["definitions:0003"] } });
  await controller.actions.auditFile(new File(["PK"], "msa.docx"));

  await controller.actions.downloadRedline();

  const list = doc.querySelector('[data-testid="refusals"]');
  const items = list.querySelectorAll('[data-testid="refusal"]').map((item) => item.textContent);
  assert.deepEqual(items, [`${OTHER.title}: ${SERVER_REFUSAL_REASON}`]);
  assert.match(doc.getElementById("status").textContent, /; 1 could not be applied safely\.$/);

  doc.querySelector('[data-key="dismiss-refusals"]').click();
  assert.equal(doc.querySelectorAll('[data-testid="refusals"]').length, 0);
});

test("no refusal list when all applied", async () => {
  const { doc, controller } = webPane();
  await controller.actions.auditFile(new File(["PK"], "msa.docx"));

  await controller.actions.downloadRedline();

  assert.equal(doc.querySelectorAll('[data-testid="refusals"]').length, 0);
});

test("word accept all lists failures", async () => {
  const fake = createFakeOffice({ apiVersion: "1.6", paragraphs: SAMPLE_PARAGRAPHS });
  const missing = {
    ...replaceFinding({ index: 3, id: "term:0004", text: "12. Term." }),
    title: "Term renews without notice",
    location: { ...replaceFinding({ index: 3 }).location, quote: "words that are not in the document", start: 0 },
  };
  const findings = [PRIMARY, SHARED, missing];
  const doc = createMiniDocument();
  const state = createState(null);
  const api = { auditWordDocument: async () => audit(findings) };
  const controller = createController({ doc, mode: "word", env: fake, api, state, download: () => {} });

  await controller.actions.auditWord();
  assert.equal(doc.querySelector('[data-testid="accept-all"]').textContent, "Accept all (2)");
  assert.equal(card(doc, SHARED.id).querySelectorAll('[data-testid="accept"]').length, 0);
  await controller.actions.acceptAll();

  assert.equal(state.decisionFor(PRIMARY.id).decision, "accepted");
  assert.equal(state.decisionFor(SHARED.id), null, "the shared finding is left for the reviewer");
  const items = doc.querySelectorAll('[data-testid="refusal"]').map((item) => item.textContent);
  assert.equal(items.length, 1);
  assert.match(items[0], /^Term renews without notice: The clause is no longer where the audit found it\./);
  assert.equal(doc.querySelector('[data-testid="refusals"]').querySelector('[class="refusals-summary"]').textContent,
    "1 of 2 suggestions could not be applied safely:");
  assert.match(doc.getElementById("status").textContent, /^Accepted 1 of 2 suggestions\. 1 could not be applied safely/);
  assert.equal(doc.querySelectorAll('[data-testid="error"]').length, 0);
});

test("action none without see", () => {
  const doc = createMiniDocument();
  const bare = { ...SHARED, id: "bare:1", suggestion: { action: "none" } };

  const element = renderFinding(doc, bare, { mode: "web", actions: {}, selected: new Set(), findingById: () => null });

  assert.equal(element.querySelector('[class="shared-text"]').textContent, "The suggested change for another finding also covers this.");
  assert.equal(element.querySelectorAll('[data-testid="pick"]').length, 0);
  assert.equal(element.querySelectorAll('[data-testid="diff"]').length, 0, "no diff that would read as deleting the quote");
});

test("clause labels cited without a trailing period", () => {
  assert.equal(citedLabel("16."), "16");
  assert.equal(citedLabel("IV."), "IV");
  assert.equal(citedLabel("2.1"), "2.1");
  assert.equal(citedLabel("(a)"), "(a)");
  const doc = createMiniDocument();
  const labelled = { ...OTHER, location: { ...OTHER.location, label: "16." } };
  const element = renderFinding(doc, labelled, { mode: "web", actions: {}, selected: new Set(), findingById: () => null });
  assert.equal(element.querySelector('[class="clause-label"]').textContent, "Clause 16");
});
