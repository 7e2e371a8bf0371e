// Entry point of the pane and the web page. Inside Word (Office.js loaded and the host
// is Word) the pane works on the open document. Anywhere else it is the web page that
// uploads a file. Only the boot call at the end runs at import time, and only in a browser.

import { createApiClient } from "./api.js";
import { createController } from "./controller.js";
import { createState, officeDecisionStore } from "./state.js";

const TOKEN_KEY = "termscore.token";

function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage can be blocked (private mode, sandboxed frames); decisions then stay in memory.
    return null;
  }
}

async function detectMode() {
  const Office = globalThis.Office;
  if (!Office || typeof Office.onReady !== "function") return "web";
  const info = await Office.onReady();
  return info && info.host === Office.HostType?.Word ? "word" : "web";
}

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function setUpTokenField(storage) {
  const form = document.getElementById("settings-form");
  const input = document.getElementById("token-input");
  if (!form || !input) return;
  input.value = storage?.getItem(TOKEN_KEY) ?? "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) storage?.setItem(TOKEN_KEY, input.value.trim());
    else storage?.removeItem(TOKEN_KEY);
    window.location.reload();
  });
}

export async function boot() {
  const mode = await detectMode();
  const storage = safeStorage();
  document.documentElement.dataset.mode = mode;

  const api = createApiClient({ token: storage?.getItem(TOKEN_KEY) || null });
  const store = mode === "word" ? officeDecisionStore(globalThis.Office.context.document.settings) : null;
  const state = createState(store);
  const controller = createController({
    doc: document,
    mode,
    env: mode === "word" ? { Office: globalThis.Office, Word: globalThis.Word } : {},
    api,
    state,
    storage,
    download: saveBlob,
  });
  setUpTokenField(storage);
  controller.render();
  globalThis.__termscore = controller;
  return controller;
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  boot().catch((error) => {
    const status = document.getElementById("status");
    if (status) status.textContent = `TermScore could not start: ${error?.message ?? error}`;
  });
}
