import test from "node:test";
import assert from "node:assert/strict";

import { createApiClient } from "../../addin/js/api.js";
import {
  describeServerRefusals,
  describeWordRefusals,
  headerSafeId,
  parseHeaderList,
  SERVER_REFUSAL_REASON,
  UNKNOWN_ID_REASON,
} from "../../addin/js/refusals.js";
import { PaneError } from "../../addin/js/errors.js";

const FINDINGS = [
  { id: "ai-training:0001", title: "Provider may train AI models on your data" },
  { id: "data use:0002", title: "Provider may use your data for any purpose" },
];

test("parseHeaderList splits and trims", () => {
  assert.deepEqual(parseHeaderList(" a:1 , b:2,"), { ids: ["a:1", "b:2"], truncated: false });
  assert.deepEqual(parseHeaderList(null), { ids: [], truncated: false });
  assert.deepEqual(parseHeaderList(""), { ids: [], truncated: false });
});

test("parseHeaderList drops truncation marker", () => {
  assert.deepEqual(parseHeaderList("a:1,b:2,..."), { ids: ["a:1", "b:2"], truncated: true });
});

test("headerSafeId matches server sanitizing", () => {
  assert.equal(headerSafeId("data use:0002"), "data_use:0002");
  assert.equal(headerSafeId("a.b_c-d:9"), "a.b_c-d:9");
});

test("server refusals name titles", () => {
  const described = describeServerRefusals(["data_use:0002"], 1, FINDINGS);

  assert.equal(described.summary, "1 suggestion could not be applied safely. Make it by hand in Word:");
  assert.deepEqual(described.items, [
    { id: "data use:0002", title: "Provider may use your data for any purpose", reason: SERVER_REFUSAL_REASON },
  ]);
});

test("server refusals explain unknown ids", () => {
  const described = describeServerRefusals(["gone:9"], 1, FINDINGS);

  assert.equal(described.items[0].title, "Finding gone:9");
  assert.equal(described.items[0].reason, UNKNOWN_ID_REASON);
});

test("server refusals count unnamed ones", () => {
  const described = describeServerRefusals(["ai-training:0001"], 3, FINDINGS);

  assert.equal(described.items.length, 2);
  assert.equal(described.items[1].title, "2 more suggestions");
  assert.match(described.summary, /^3 suggestions could not be applied safely/);
});

test("no refusals describes nothing", () => {
  assert.equal(describeServerRefusals([], 0, FINDINGS), null);
  assert.equal(describeWordRefusals([], 2), null);
});

test("word refusals carry the error in plain words", () => {
  const failed = [{ finding: FINDINGS[0], error: new PaneError("text_not_found", "Could not find 'may use'.") }];

  const described = describeWordRefusals(failed, 2);

  assert.equal(described.summary, "1 of 2 suggestions could not be applied safely:");
  assert.equal(described.items[0].title, FINDINGS[0].title);
  assert.match(described.items[0].reason, /^The clause is no longer where the audit found it\. /);
  assert.doesNotMatch(described.items[0].reason, /may use/, "the raw message can quote the contract");
});

test("redlineFile reads refused ids", async () => {
  const fetchImpl = async () => new Response("PK", {
    headers: {
      "X-TermScore-Applied": "1",
      "X-TermScore-Refused": "2",
      "X-TermScore-Refused-Ids": "data_use:0002,gone:9",
    },
  });
  const api = createApiClient({ fetchImpl });

  const result = await api.redlineFile(new File(["PK"], "msa.docx"), ["a:1"]);

  assert.equal(result.refused, 2);
  assert.deepEqual(result.refusedIds, ["data_use:0002", "gone:9"]);
});

test("redlineFile without refused ids header", async () => {
  const fetchImpl = async () => new Response("PK", { headers: { "X-TermScore-Applied": "1" } });
  const api = createApiClient({ fetchImpl });

  const result = await api.redlineFile(new File(["PK"], "msa.docx"), ["a:1"]);

  assert.deepEqual(result.refusedIds, []);
  assert.equal(result.refused, 0);
});
