// Error texts on the web page and in the task pane, and what the web page's drop zone
// shows after a rejected file, through the real controller on a minimal DOM.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";

import { ApiError } from "../../addin/js/api.js";
import { createController } from "../../addin/js/controller.js";
import { describeError } from "../../addin/js/errors.js";
import { createState } from "../../addin/js/state.js";
import { createMiniDocument } from "./mini-dom.mjs";

const ERROR_SOURCES = ["server/termscore/errors.py", "server/termscore/server/errors.py"];

// Codes of the Werkzeug HTTP errors the API can raise itself (routing, body size).
const HTTP_CODES = ["request_too_large", "not_found", "method_not_allowed", "bad_request", "unsupported_media_type"];

function serverCodes() {
  const codes = new Set(HTTP_CODES);
  for (const path of ERROR_SOURCES) {
    const source = fs.readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
    for (const match of source.matchAll(/^\s+code = "([a-z_]+)"/gm)) codes.add(match[1]);
  }
  return [...codes];
}

const GENERIC_TITLE = "Something went wrong.";

test("every server error code has a text", () => {
  const codes = serverCodes();
  assert.ok(codes.includes("empty_document"), "codes read from the Python sources");

  for (const code of codes) {
    const described = describeError({ code, message: "raw", status: 400 }, { mode: "web" });

    assert.notEqual(described.title, GENERIC_TITLE, code);
    assert.notEqual(described.title, "raw", `${code} has its own title`);
    assert.ok(described.next.length > 20, `${code} says what to do next`);
  }
});

test("web texts never mention a pane", () => {
  const errors = [...serverCodes(), "network_error", "http_error", "internal_error", "empty_file"]
    .map((code) => ({ code, message: "raw", status: 400 }));
  errors.push(new Error("boom"));

  for (const error of errors) {
    const described = describeError(error, { mode: "web" });

    assert.doesNotMatch(`${described.title} ${described.next}`, /\bpane\b/i, error.code ?? "plain Error");
  }
});

test("pane texts still name the pane", () => {
  assert.match(describeError({ code: "invalid_request" }, { mode: "word" }).next, /Reload the pane/);
  assert.match(describeError({ code: "invalid_request" }, { mode: "web" }).next, /Reload the page/);
});

test("request_too_large names the setting", () => {
  const error = new ApiError({
    code: "request_too_large",
    message: "The request body is over the 26,214,400-byte limit.",
    detail: "send a smaller document or raise TERMSCORE_MAX_CONTENT_LENGTH",
    status: 413,
  });

  const described = describeError(error, { mode: "web" });

  assert.equal(described.title, "The file is larger than this server accepts.");
  assert.match(described.next, /TERMSCORE_MAX_CONTENT_LENGTH/);
  assert.match(described.detail, /26,214,400-byte limit/);
});

test("unknown code shows the server's message", () => {
  const error = new ApiError({ code: "quota_exceeded", message: "The daily quota is used up.", detail: "try again tomorrow", status: 429 });

  const described = describeError(error, { mode: "web" });

  assert.equal(described.title, "The daily quota is used up.");
  assert.equal(described.next, "Try again tomorrow.");
  assert.equal(described.detail, "Error code: quota_exceeded, HTTP 429.");
});

function webPage(auditFile) {
  const doc = createMiniDocument();
  const controller = createController({ doc, mode: "web", env: {}, api: { auditFile }, state: createState(null), download: () => {} });
  return { doc, controller };
}

function text(doc, testId) {
  return doc.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
}

const TOO_LARGE = new ApiError({ code: "request_too_large", message: "over the limit", detail: null, status: 413 });

test("rejected first file leaves no document", async () => {
  const { doc, controller } = webPage(async () => { throw TOO_LARGE; });

  await controller.actions.auditFile(new File(["PK"], "huge.docx"));

  assert.equal(text(doc, "dropzone-title"), "No contract loaded");
  assert.match(text(doc, "dropzone-hint"), /^huge\.docx was not loaded/);
  assert.match(text(doc, "error"), /larger than this server accepts/);
  assert.doesNotMatch(text(doc, "error"), /pane/);
});

test("rejected second file keeps the first", async () => {
  const audits = [{ score: 80, grade: "B", findings: [], protections: [], warnings: [] }];
  const { doc, controller } = webPage(async () => {
    if (audits.length) return audits.shift();
    throw TOO_LARGE;
  });
  await controller.actions.auditFile(new File(["PK"], "good.docx"));

  await controller.actions.auditFile(new File(["PK"], "huge.docx"));

  assert.equal(text(doc, "dropzone-title"), "Still showing good.docx");
  assert.match(text(doc, "dropzone-hint"), /^huge\.docx was not loaded/);
  assert.match(text(doc, "error"), /larger than this server accepts/);
});

test("dismissing the error resets the zone", async () => {
  const { doc, controller } = webPage(async () => { throw TOO_LARGE; });
  await controller.actions.auditFile(new File(["PK"], "huge.docx"));

  controller.actions.dismissError();

  assert.equal(text(doc, "dropzone-title"), "Drop a contract here");
  assert.equal(text(doc, "error"), null);
});

test("next action clears the rejected note", async () => {
  const audits = [{ score: 80, grade: "B", findings: [], protections: [], warnings: [] }];
  const { doc, controller } = webPage(async () => {
    if (audits.length) return audits.shift();
    throw TOO_LARGE;
  });
  await controller.actions.auditFile(new File(["PK"], "good.docx"));
  await controller.actions.auditFile(new File(["PK"], "huge.docx"));

  // Any other action clears the error banner, so the note pointing at it goes too.
  await controller.actions.auditFile(undefined);

  assert.equal(text(doc, "dropzone-title"), "good.docx");
  assert.equal(text(doc, "error"), null);
});
