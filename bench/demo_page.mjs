// Screenshot the web page auditing one contract, in headless Chromium, for docs/demo.md.
//
// Usage: node bench/demo_page.mjs --base http://127.0.0.1:PORT --file CONTRACT.docx
//          --out-dir docs/images
// Writes demo-web-audit.png (the score and the first findings). Every request that is not
// to --base is aborted.

import path from "node:path";

const CHROMIUM = process.env.TERMSCORE_CHROMIUM ?? "/usr/bin/chromium";

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const required of ["base", "file", "out-dir"]) {
    if (!args[required]) throw new Error(`missing --${required}; see the usage at the top of demo_page.mjs`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const { chromium } = await import("playwright-core");
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${args.base}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${args.base}/`);
  await page.locator('[data-testid="dropzone"]').waitFor();
  await page.setInputFiles('[data-testid="file-input"]', args.file);
  await page.waitForFunction(
    () => document.getElementById("main").getAttribute("aria-busy") === "false" &&
      /Audit complete/.test(document.getElementById("status").textContent),
  );
  await page.screenshot({ path: path.join(args["out-dir"], "demo-web-audit.png") });
  console.log(await page.locator("#status").textContent());
} finally {
  await browser.close();
}
