// The pane must put document text into the page only as text: no HTML parsing sinks.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ADDIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../addin");
const SINKS = /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\s*\(|document\.write\s*\(|createContextualFragment\s*\(/;

function sources() {
  return fs
    .readdirSync(path.join(ADDIN, "js"))
    .filter((name) => name.endsWith(".js"))
    .map((name) => path.join(ADDIN, "js", name));
}

test("pane modules use no HTML sinks", () => {
  const files = sources();
  assert.ok(files.length >= 6, `expected the pane's modules, found ${files.length}`);
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, index) => {
      assert.doesNotMatch(line, SINKS, `${path.basename(file)}:${index + 1}`);
    });
  }
});

test("sink pattern catches assignments", () => {
  assert.match("el.innerHTML = text;", SINKS);
  assert.match("el.outerHTML += x", SINKS);
  assert.match("el.insertAdjacentHTML('beforeend', x)", SINKS);
  assert.doesNotMatch("el.textContent = text;", SINKS);
});

test("only taskpane.html loads Office.js", () => {
  const office = "appsforoffice.microsoft.com/lib/1/hosted/office.js";

  assert.ok(fs.readFileSync(path.join(ADDIN, "taskpane.html"), "utf8").includes(office));
  assert.ok(!fs.readFileSync(path.join(ADDIN, "index.html"), "utf8").includes(office));
});

test("modules import without a DOM", async () => {
  assert.equal(typeof globalThis.document, "undefined");
  for (const file of sources()) {
    await import(file);
  }
});
