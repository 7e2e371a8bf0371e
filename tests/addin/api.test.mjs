import test from "node:test";
import assert from "node:assert/strict";

import { ApiError, contentTypeFor, createApiClient, filenameFromDisposition } from "../../addin/js/api.js";

function fakeFetch(responses) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (next instanceof Error) throw next;
    return new Response(next.body, { status: next.status ?? 200, headers: next.headers ?? {} });
  };
  return { calls, fetchImpl };
}

test("auditWordDocument posts ooxml and paragraphs", async () => {
  const { calls, fetchImpl } = fakeFetch([{ body: JSON.stringify({ score: 70 }) }]);
  const api = createApiClient({ fetchImpl });

  const result = await api.auditWordDocument({ ooxml: "<pkg/>", paragraphs: [{ index: 0, text: "A", id: null }] });

  assert.equal(result.score, 70);
  assert.equal(calls[0].url, "/api/audit");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(calls[0].init.body), { ooxml: "<pkg/>", paragraphs: [{ index: 0, text: "A", id: null }] });
});

test("server error becomes ApiError with code", async () => {
  const body = JSON.stringify({ code: "password_protected", message: "The file is encrypted.", detail: "remove it" });
  const { fetchImpl } = fakeFetch([{ status: 422, body, headers: { "Content-Type": "application/json" } }]);
  const api = createApiClient({ fetchImpl });

  await assert.rejects(api.auditFile(new Blob(["x"])), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "password_protected");
    assert.equal(error.status, 422);
    assert.equal(error.detail, "remove it");
    return true;
  });
});

test("non-JSON 413 maps to request_too_large", async () => {
  const { fetchImpl } = fakeFetch([{ status: 413, body: "<html>too big</html>" }]);
  const api = createApiClient({ fetchImpl });

  await assert.rejects(api.health(), { code: "request_too_large" });
});

test("network failure maps to network_error", async () => {
  const { fetchImpl } = fakeFetch([new TypeError("Failed to fetch")]);
  const api = createApiClient({ fetchImpl });

  await assert.rejects(api.health(), { code: "network_error" });
});

test("token sent as bearer header", async () => {
  const { calls, fetchImpl } = fakeFetch([{ body: "{}" }]);
  const api = createApiClient({ fetchImpl, token: "s3cret" });

  await api.health();

  assert.equal(calls[0].init.headers.Authorization, "Bearer s3cret");
});

test("redlineFile sends ids and reads headers", async () => {
  const { calls, fetchImpl } = fakeFetch([{
    body: "PK",
    headers: {
      "Content-Disposition": 'attachment; filename="msa.redlined.docx"',
      "X-TermScore-Applied": "2",
      "X-TermScore-Refused": "1",
    },
  }]);
  const api = createApiClient({ fetchImpl });
  const file = new File(["PK"], "msa.docx");

  const result = await api.redlineFile(file, ["a:1", "b:2"]);

  assert.equal(result.filename, "msa.redlined.docx");
  assert.equal(result.applied, 2);
  assert.equal(result.refused, 1);
  const form = calls[0].init.body;
  assert.equal(form.get("findings"), "a:1,b:2");
  assert.equal(form.get("file").name, "msa.docx");
});

test("redlineFile sends the author when given", async () => {
  const { calls, fetchImpl } = fakeFetch([{ body: "PK" }, { body: "PK" }]);
  const api = createApiClient({ fetchImpl });
  const file = new File(["1. Terms."], "terms.md");

  const named = await api.redlineFile(file, ["a:1"], { author: "  Ann Lee " });
  await api.redlineFile(file, ["a:1"], { author: "   " });

  assert.equal(calls[0].init.body.get("author"), "Ann Lee");
  assert.equal(calls[1].init.body.get("author"), null);
  assert.equal(named.filename, "terms.redlined.docx");
});

test("addendum query carries party terms", async () => {
  const { calls, fetchImpl } = fakeFetch([{ body: JSON.stringify({ paragraphs: [] }) }]);
  const api = createApiClient({ fetchImpl });

  await api.addendum({ format: "json", customer: "Client & Co", provider: "Agency" });

  assert.equal(calls[0].url, "/api/addendum?format=json&customer=Client+%26+Co&provider=Agency");
});

test("contentTypeFor by extension", () => {
  assert.equal(contentTypeFor("a.DOCX"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  assert.equal(contentTypeFor("a.md"), "text/markdown");
  assert.equal(contentTypeFor("a.txt"), "text/plain");
  assert.equal(contentTypeFor("a.xml"), "application/xml");
  assert.equal(contentTypeFor("a.pdf"), "application/octet-stream");
});

test("filenameFromDisposition forms", () => {
  assert.equal(filenameFromDisposition("attachment; filename*=UTF-8''Vertrag%20%C3%BC.docx", "x"), "Vertrag ü.docx");
  assert.equal(filenameFromDisposition('attachment; filename="a b.docx"', "x"), "a b.docx");
  assert.equal(filenameFromDisposition(null, "fallback.docx"), "fallback.docx");
});
