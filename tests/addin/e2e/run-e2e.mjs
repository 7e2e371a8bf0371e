// End-to-end test of the task pane and the web page in headless Chromium against a
// running TermScore server on 127.0.0.1. Office.js is replaced by the fake Office host;
// every request that is not to the server is aborted (and counted as a failure, except
// the Office.js URL, which the fake answers).
//
// Usage: node run-e2e.mjs --base http://127.0.0.1:PORT --word-fixture FILE.json
//          --web-file CONTRACT.docx --out RESULTS.json [--screenshots DIR]
//          [--drop-file CONTRACT.md] [--error-file PASSWORD-PROTECTED.docx]
//          [--shared-file CONTRACT.docx]
// The shared file must have a finding whose suggestion is action "none" (its words are
// covered by another finding's edit).
// The word fixture is {"ooxml": "<pkg:package…>", "paragraphs": ["text", …]}.
// Prints one line per check and exits 1 when a check fails; RESULTS.json lists the
// downloaded files for the caller to inspect.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { changeHunks } from "../../../addin/js/worddiff.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const CHROMIUM = process.env.TERMSCORE_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Resolve no host name but the loopback address, so nothing can leave the machine.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];
const TIMEOUT = 30_000;
// The name the web page writes on its tracked changes; the Python test counts revisions by it.
const AUTHOR = "Ann Lee";

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const required of ["base", "word-fixture", "web-file", "out"]) {
    if (!args[required]) throw new Error(`missing --${required}; see the usage at the top of run-e2e.mjs`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const { chromium } = await import(process.env.TERMSCORE_PLAYWRIGHT ?? "playwright-core");
const fakeOfficeSource = fs.readFileSync(path.join(HERE, "..", "fake-office.js"), "utf8");
const wordFixture = JSON.parse(fs.readFileSync(args["word-fixture"], "utf8"));
const results = { checks: [], downloads: {}, stray_requests: [] };
let failures = 0;

async function check(name, body) {
  try {
    await body();
    results.checks.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (error) {
    failures += 1;
    results.checks.push({ name, ok: false, error: String(error?.stack ?? error) });
    console.log(`not ok - ${name}\n  ${String(error?.message ?? error).split("\n").join("\n  ")}`);
  }
}

async function newContext(browser, viewport, officeConfig) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS && officeConfig) {
      const body = `${fakeOfficeSource}\nTermScoreFakeOffice.install(globalThis, ${JSON.stringify(officeConfig)});\n`;
      return route.fulfill({ status: 200, contentType: "application/javascript", body });
    }
    if (url.startsWith(`${args.base}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    results.stray_requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (error) => {
    failures += 1;
    console.log(`not ok - page error: ${error.message}`);
  });
  return { context, page };
}

async function postJson(pathname, body) {
  const response = await fetch(`${args.base}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${pathname} answered ${response.status}`);
  return response.json();
}

const fakeState = (page) => page.evaluate(() => JSON.parse(JSON.stringify({
  paragraphs: globalThis.__termscoreFake.doc.paragraphs.map((p) => ({ text: p.text, style: p.style })),
  trackedChanges: globalThis.__termscoreFake.doc.trackedChanges,
  untrackedEdits: globalThis.__termscoreFake.doc.untrackedEdits,
  savedSettings: globalThis.__termscoreFake.doc.savedSettings,
  changeTrackingMode: globalThis.__termscoreFake.doc.changeTrackingMode,
  selection: globalThis.__termscoreFake.doc.selection,
})));

const findingCard = (page, id) => page.locator(`[data-finding-id="${id}"]`);
const statusText = (page) => page.locator("#status").textContent();

// ---- Word mode ---------------------------------------------------------------------------

async function wordMode(browser, apiVersion, screenshots) {
  const officeConfig = { apiVersion, ooxml: wordFixture.ooxml, paragraphs: wordFixture.paragraphs };
  const { context, page } = await newContext(browser, { width: 360, height: 800 }, officeConfig);
  const label = `word ${apiVersion}`;

  // What the pane should show: the same request the pane sends.
  const wordParagraphs = wordFixture.paragraphs.map((text, index) => ({ index, text, id: null }));
  const expected = await postJson("/api/audit", { ooxml: wordFixture.ooxml, paragraphs: wordParagraphs });
  const replaceable = expected.findings.filter((f) => f.suggestion?.action === "replace" && f.location?.quote);

  await page.goto(`${args.base}/taskpane.html`);

  await check(`${label}: pane starts in Word mode`, async () => {
    await page.locator('[data-testid="audit"]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), "word");
  });

  await check(`${label}: audit shows score and findings`, async () => {
    await page.click('[data-testid="audit"]');
    await page.locator('[data-testid="score-card"]').waitFor();
    assert.equal(await page.locator('[data-testid="score"]').textContent(), String(expected.score));
    assert.equal(await page.locator('[data-testid="grade"]').textContent(), expected.grade);
    assert.equal(await page.locator('[data-testid="finding"]').count(), expected.findings.length);
    assert.match(await statusText(page), /Audit complete/);
    const titles = await page.locator(".finding-title").allTextContents();
    assert.deepEqual(new Set(titles), new Set(expected.findings.map((f) => f.title)));
  });

  if (screenshots && apiVersion === "1.6") {
    await page.screenshot({ path: path.join(screenshots, "taskpane-word.png") });
  }

  await check(`${label}: no author field, Word names the changes`, async () => {
    assert.equal(await page.locator('[data-testid="author"]').count(), 0);
  });

  await check(`${label}: tabs work from the keyboard`, async () => {
    await page.focus('[data-testid="tab-findings"]');
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute('[data-testid="tab-protections"]', "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "tab-protections");
    assert.ok((await page.locator('[data-testid="protections"] li').count()) > 0);
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.getAttribute('[data-testid="tab-findings"]', "aria-selected"), "true");
  });

  await check(`${label}: go to selects the quote`, async () => {
    const finding = replaceable[0];
    await findingCard(page, finding.id).getByRole("button", { name: /^Go to/ }).click();
    await page.waitForFunction(() => globalThis.__termscoreFake.doc.selection !== null);
    const state = await fakeState(page);
    assert.equal(state.selection.text, finding.location.quote);
  });

  const accepted = replaceable[0];
  await check(`${label}: accept writes only the changed words`, async () => {
    await findingCard(page, accepted.id).locator('[data-testid="accept"]').click();
    if (apiVersion === "1.3") {
      await page.locator('[data-testid="dialog"]').waitFor();
      await page.click('[data-testid="dialog-confirm"]');
    }
    await page.waitForFunction(() => /change applied/.test(document.getElementById("status").textContent));
    const state = await fakeState(page);
    const hunks = changeHunks(accepted.location.quote, accepted.suggestion.text);
    const expectedEdits = hunks.flatMap((hunk) => [
      ...(hunk.oldText ? [["Deleted", hunk.oldText]] : []),
      ...(hunk.newText ? [["Added", hunk.newText]] : []),
    ]);
    const recorded = apiVersion === "1.3" ? state.untrackedEdits : state.trackedChanges;
    assert.deepEqual(recorded.map((c) => [c.type, c.text]), expectedEdits);
    assert.ok(expectedEdits.length >= 2, "the suggestion changes at least one word");
    assert.ok(state.paragraphs.some((p) => p.text.includes(accepted.suggestion.text)), "the clause now reads as suggested");
    if (apiVersion !== "1.3") assert.equal(state.changeTrackingMode, "Off", "tracking mode restored");
    assert.equal(await findingCard(page, accepted.id).count(), 0, "accepted finding leaves the open list");
  });

  const rejected = expected.findings.find((f) => f.id !== accepted.id && f.location?.quote !== accepted.location.quote);
  await check(`${label}: reject with a reason is kept in the document`, async () => {
    await findingCard(page, rejected.id).locator('[data-testid="reject"]').click();
    await page.fill('[data-testid="reason"]', "Accepted in negotiation");
    await page.click('[data-testid="confirm-reject"]');
    await page.waitForFunction((id) => !document.querySelector(`[data-finding-id="${id}"]`), rejected.id);
    const state = await fakeState(page);
    const saved = state.savedSettings["termscore.decisions"];
    assert.equal(saved[rejected.id].decision, "rejected");
    assert.equal(saved[rejected.id].reason, "Accepted in negotiation");
    assert.equal(saved[accepted.id].decision, "accepted");

    await page.click('[data-testid="tab-decisions"]');
    const decisions = await page.locator('[data-testid="decisions"]').textContent();
    assert.match(decisions, /Accepted in negotiation/);
    assert.match(decisions, /rejected/);
    await page.click('[data-testid="tab-findings"]');
  });

  await check(`${label}: rejected finding stays rejected on re-audit`, async () => {
    await page.click('[data-testid="audit"]');
    await page.waitForFunction(() => /Audit complete/.test(document.getElementById("status").textContent));
    assert.equal(await findingCard(page, rejected.id).count(), 0);
  });

  await check(`${label}: addendum inserted at the end`, async () => {
    const before = (await fakeState(page)).paragraphs.length;
    await page.click('[data-testid="insert-addendum"]');
    if (apiVersion === "1.3") {
      await page.locator('[data-testid="dialog"]').waitFor();
      await page.click('[data-testid="dialog-confirm"]');
    }
    await page.waitForFunction(() => /Inserted the AI-training addendum/.test(document.getElementById("status").textContent));
    const state = await fakeState(page);
    const added = state.paragraphs.slice(before);
    assert.ok(added.length >= 3, `expected the addendum's paragraphs, got ${added.length}`);
    assert.equal(added[0].style, "Heading2");
    assert.ok(added.some((p) => p.style === "Heading3"), "section headings in Heading 3");
    const parties = expected.parties ?? {};
    if (parties.customer) assert.ok(added.some((p) => p.text.includes(parties.customer)), "the customer's defined term is used");
    if (apiVersion !== "1.3") {
      const insertions = state.trackedChanges.filter((c) => c.newParagraph);
      assert.equal(insertions.length, added.length, "every addendum paragraph is a tracked insertion");
    }
  });

  await check(`${label}: accept all reports a count`, async () => {
    const open = await page.locator('[data-testid="accept"]').count();
    const before = (await fakeState(page)).trackedChanges.length + (await fakeState(page)).untrackedEdits.length;
    // Rewrite the clause of the last open replacement by hand, so that Accept all cannot
    // find its quote and must list it with the reason.
    const openIds = await page.locator('[data-testid="finding"]:has([data-testid="accept"])').evaluateAll(
      (cards) => cards.map((card) => card.getAttribute("data-finding-id")));
    const broken = open >= 2 ? replaceable.filter((f) => openIds.includes(f.id)).at(-1) : null;
    if (broken) {
      const paragraphIndex = broken.location.word_index ?? broken.location.index;
      await page.evaluate((index) => {
        globalThis.__termscoreFake.doc.paragraphs[index].text = "This clause was rewritten by hand.";
      }, paragraphIndex);
    }
    await page.click('[data-testid="accept-all"]');
    if (apiVersion === "1.3") {
      await page.locator('[data-testid="dialog"]').waitFor();
      await page.click('[data-testid="dialog-confirm"]');
    }
    await page.waitForFunction(() => /Accepted \d+ of \d+/.test(document.getElementById("status").textContent));
    const [, applied, total] = /Accepted (\d+) of (\d+)/.exec(await statusText(page)).map(Number);
    assert.equal(total, open);
    assert.ok(applied >= 1, "at least one suggestion applied");
    const state = await fakeState(page);
    const decisions = Object.values(state.savedSettings["termscore.decisions"]);
    assert.equal(decisions.filter((d) => d.decision === "accepted").length, applied + 1, "each applied suggestion is recorded");
    assert.ok(state.trackedChanges.length + state.untrackedEdits.length > before);
    assert.equal(await page.locator('[data-testid="accept"]').count(), open - applied);
    if (broken) {
      const refusals = await page.locator('[data-testid="refusal"]').allTextContents();
      const listed = refusals.find((text) => text.startsWith(`${broken.title}: `));
      assert.ok(listed, `${broken.title} missing from ${JSON.stringify(refusals)}`);
      assert.match(listed, /The clause is no longer where the audit found it\./);
      assert.match(await statusText(page), /could not be applied safely; the list above says why/);
    }
  });

  await context.close();
}

// ---- Web mode ----------------------------------------------------------------------------

async function webMode(browser, screenshots) {
  const { context, page } = await newContext(browser, { width: 1280, height: 900 }, null);
  const filePath = args["web-file"];
  const fileName = path.basename(filePath);

  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(filePath)]), fileName);
  const expectedResponse = await fetch(`${args.base}/api/audit`, { method: "POST", body: form });
  const expected = await expectedResponse.json();
  // A finding with action "none" rides on another finding's edit and gets no checkbox.
  const suggestions = expected.findings.filter((f) => f.suggestion && f.suggestion.action !== "none");

  await page.goto(`${args.base}/`);

  await check("web: page runs without Office", async () => {
    await page.locator('[data-testid="dropzone"]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), "web");
    assert.equal(await page.evaluate(() => typeof globalThis.Office), "undefined");
  });

  await check("web: sample contract audits", async () => {
    await page.click('[data-testid="sample"]');
    await page.locator('[data-testid="score-card"]').waitFor();
    assert.equal(await page.locator(".dropzone-title").textContent(), "sample-services-agreement.docx");
    assert.ok((await page.locator('[data-testid="finding"]').count()) > 0);
  });

  await check("web: upload shows the audit", async () => {
    await page.setInputFiles('[data-testid="file-input"]', filePath);
    await page.waitForFunction(
      (name) => document.querySelector(".dropzone-title")?.textContent === name &&
        document.getElementById("main").getAttribute("aria-busy") === "false" &&
        /Audit complete/.test(document.getElementById("status").textContent),
      fileName,
    );
    assert.equal(await page.locator('[data-testid="score"]').textContent(), String(expected.score));
    assert.equal(await page.locator('[data-testid="finding"]').count(), expected.findings.length);
    assert.equal(await page.locator('[data-testid="pick"]:checked').count(), suggestions.length);
  });

  await check("web: every control has an accessible name", async () => {
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll("button, input:not([type=hidden]), [role=tab]")]
        .filter((element) => {
          const labelled = element.labels?.length || element.getAttribute("aria-label") || element.getAttribute("aria-labelledby");
          return !labelled && !element.textContent.trim();
        })
        .map((element) => element.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, []);
  });

  if (screenshots) await page.screenshot({ path: path.join(screenshots, "web-page.png") });

  await check("web: author name is remembered", async () => {
    await page.fill('[data-testid="author"]', AUTHOR);
    assert.equal(await page.evaluate(() => localStorage.getItem("termscore.author")), AUTHOR);
    assert.equal(
      await page.evaluate(() => document.querySelector('label[for="author-input"]').textContent),
      "Your name (for tracked changes)",
    );
  });

  const dropped = suggestions[suggestions.length - 1];
  await check("web: download the redlined docx", async () => {
    assert.equal(await page.inputValue('[data-testid="author"]'), AUTHOR);
    await findingCard(page, dropped.id).locator('[data-testid="pick"]').uncheck();
    const label = await page.locator('[data-testid="download-redline"]').textContent();
    assert.match(label, new RegExp(`\\(${suggestions.length - 1}\\)`));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-redline"]')]);
    const target = path.join(os.tmpdir(), `termscore-e2e-${process.pid}-${download.suggestedFilename()}`);
    await download.saveAs(target);
    results.downloads.redline = { path: target, name: download.suggestedFilename(), chosen: suggestions.length - 1 };
    assert.match(download.suggestedFilename(), /\.redlined\.docx$/);
    const status = await statusText(page);
    assert.match(status, /with \d+ suggestions? as tracked changes/);
    assert.doesNotMatch(status, /NaN/);
    const refused = Number(/; (\d+) could not be applied safely/.exec(status)?.[1] ?? 0);
    assert.equal(await page.locator('[data-testid="refusal"]').count(), refused, "one listed reason per refusal");
  });

  if (args["shared-file"]) await sharedFindings(page, args["shared-file"]);

  await check("web: download the addendum", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-addendum"]')]);
    const target = path.join(os.tmpdir(), `termscore-e2e-${process.pid}-${download.suggestedFilename()}`);
    await download.saveAs(target);
    results.downloads.addendum = { path: target, name: download.suggestedFilename() };
    assert.equal(fs.readFileSync(target).subarray(0, 2).toString(), "PK");
  });

  if (args["drop-file"]) {
    await check("web: dropping a text contract audits it", async () => {
      const dropPath = args["drop-file"];
      const text = fs.readFileSync(dropPath, "utf8");
      const response = await fetch(`${args.base}/api/audit?name=${encodeURIComponent(path.basename(dropPath))}`, {
        method: "POST",
        headers: { "Content-Type": "text/markdown" },
        body: text,
      });
      const dropExpected = await response.json();
      const dataTransfer = await page.evaluateHandle(
        ({ content, name }) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([content], name, { type: "text/markdown" }));
          return transfer;
        },
        { content: text, name: path.basename(dropPath) },
      );
      await page.dispatchEvent('[data-testid="dropzone"]', "drop", { dataTransfer });
      await page.waitForFunction(
        (name) => document.querySelector(".dropzone-title")?.textContent === name &&
          /Audit complete/.test(document.getElementById("status").textContent),
        path.basename(dropPath),
      );
      assert.equal(await page.locator('[data-testid="score"]').textContent(), String(dropExpected.score));
      assert.equal(await page.locator('[data-testid="finding"]').count(), dropExpected.findings.length);
    });

    await check("web: text contract downloads a redlined docx", async () => {
      const dropName = path.basename(args["drop-file"]);
      const chosen = await page.locator('[data-testid="pick"]:checked').count();
      assert.ok(chosen > 0, "the text contract has suggestions");
      assert.equal(await page.inputValue('[data-testid="author"]'), AUTHOR, "the name survives a new audit");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-redline"]')]);
      assert.equal(download.suggestedFilename(), dropName.replace(/\.md$/, ".redlined.docx"));
      const target = path.join(os.tmpdir(), `termscore-e2e-${process.pid}-${download.suggestedFilename()}`);
      await download.saveAs(target);
      results.downloads.text_redline = { path: target, name: download.suggestedFilename(), chosen };
      assert.equal(fs.readFileSync(target).subarray(0, 2).toString(), "PK");
      assert.equal(await page.locator('[data-testid="error"]').count(), 0);
      assert.match(await statusText(page), /with \d+ suggestions? as tracked changes/);
    });
  }

  await check("web: empty file explained before upload", async () => {
    const audits = [];
    const listener = (request) => {
      if (request.url().includes("/api/audit")) audits.push(request.url());
    };
    page.on("request", listener);
    await page.setInputFiles('[data-testid="file-input"]', { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
    await page.locator('[data-testid="error"]').waitFor();
    const text = await page.locator('[data-testid="error"]').textContent();
    page.off("request", listener);
    assert.match(text, /The file is empty \(0 bytes\)/);
    assert.match(text, /Choose the contract file again/);
    assert.doesNotMatch(text, /did not accept|Reload the pane/);
    assert.deepEqual(audits, [], "no upload for an empty file");
    await page.click('[data-key="dismiss-error"]');
    assert.equal(await page.locator('[data-testid="error"]').count(), 0);
  });

  await check("web: oversized upload explained", async () => {
    const loaded = await page.locator(".dropzone-title").textContent();
    // One MiB over the server's default 25 MiB TERMSCORE_MAX_CONTENT_LENGTH.
    await page.setInputFiles('[data-testid="file-input"]', {
      name: "huge.txt",
      mimeType: "text/plain",
      buffer: Buffer.alloc(26 * 1024 * 1024, "a"),
    });
    await page.locator('[data-testid="error"]').waitFor();
    const text = await page.locator('[data-testid="error"]').textContent();
    assert.match(text, /The file is larger than this server accepts/);
    assert.match(text, /TERMSCORE_MAX_CONTENT_LENGTH/);
    assert.doesNotMatch(text, /went wrong|pane/);
    assert.equal(await page.locator(".dropzone-title").textContent(), `Still showing ${loaded}`);
    assert.match(await page.locator(".dropzone-hint").textContent(), /^huge\.txt was not loaded/);
    await page.click('[data-key="dismiss-error"]');
    assert.equal(await page.locator(".dropzone-title").textContent(), loaded);
  });

  await check("web: server explains an empty body", async () => {
    const response = await fetch(`${args.base}/api/audit?name=empty.docx`, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
      body: new Uint8Array(0),
    });
    const body = await response.json();
    assert.equal(response.status, 422);
    assert.equal(body.message, "The uploaded file is empty (0 bytes); choose the contract file again.");
  });

  await check("web: author name survives a reload", async () => {
    await page.reload();
    await page.locator('[data-testid="sample"]').click();
    await page.locator('[data-testid="score-card"]').waitFor();
    assert.equal(await page.inputValue('[data-testid="author"]'), AUTHOR);
  });

  if (args["error-file"]) {
    await check("web: password-protected file explained", async () => {
      await page.setInputFiles('[data-testid="file-input"]', {
        name: "protected.docx",
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer: fs.readFileSync(args["error-file"]),
      });
      await page.locator('[data-testid="error"]').waitFor();
      const text = await page.locator('[data-testid="error"]').textContent();
      assert.match(text, /protected by a password/);
      assert.match(text, /Remove the password/);
    });
  }

  await context.close();
}

async function sharedFindings(page, sharedPath) {
  const name = path.basename(sharedPath);
  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(sharedPath)]), name);
  const audit = await (await fetch(`${args.base}/api/audit`, { method: "POST", body: form })).json();
  const byId = new Map(audit.findings.map((finding) => [finding.id, finding]));
  const shared = audit.findings.filter((finding) => finding.suggestion?.action === "none");
  const ownEdits = audit.findings.filter((finding) => finding.suggestion && finding.suggestion.action !== "none");

  await check("web: shared finding points to its edit", async () => {
    assert.ok(shared.length > 0, `${name} has no finding with action none`);
    await page.setInputFiles('[data-testid="file-input"]', sharedPath);
    await page.waitForFunction(
      (fileName) => document.querySelector(".dropzone-title")?.textContent === fileName &&
        /Audit complete/.test(document.getElementById("status").textContent),
      name,
    );
    for (const finding of shared) {
      const owner = byId.get(finding.suggestion.see);
      const cardLocator = findingCard(page, finding.id);
      assert.equal(
        await cardLocator.locator(".shared-text").textContent(),
        `The suggested change for ${owner.title} also covers this.`,
      );
      assert.equal(await cardLocator.locator('[data-testid="pick"]').count(), 0, "no checkbox on a shared finding");
    }
    assert.equal(await page.locator('[data-testid="pick"]:checked').count(), ownEdits.length);
    assert.match(await page.locator('[data-testid="download-redline"]').textContent(), new RegExp(`\\(${ownEdits.length}\\)`));
  });

  await check("web: show that finding focuses it", async () => {
    const finding = shared[0];
    await findingCard(page, finding.id).locator('[data-testid="show-owner"]').click();
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-finding-id"));
    assert.equal(focused, finding.suggestion.see);
  });
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const screenshots = args.screenshots ?? null;
  for (const apiVersion of ["1.6", "1.3"]) await wordMode(browser, apiVersion, screenshots);
  await webMode(browser, screenshots);
} finally {
  await browser.close();
}

await check("no request left 127.0.0.1", async () => {
  assert.deepEqual(results.stray_requests, []);
});

fs.writeFileSync(args.out, JSON.stringify(results, null, 2));
console.log(`${results.checks.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
