// The pane's controller: wires user actions to the API client, Word access and state,
// and re-renders after each change. One controller serves both modes: "word" (inside
// Word, acting on the open document) and "web" (a page that uploads a file and
// downloads the redlined copy).

import * as word from "./word.js";
import { describeError, PaneError } from "./errors.js";
import { describeServerRefusals, describeWordRefusals } from "./refusals.js";
import { browserDecisionStore, hasOwnEdit } from "./state.js";
import {
  h,
  renderDecisions,
  renderDialog,
  renderError,
  renderFindings,
  renderProtections,
  renderRefusals,
  renderScore,
  renderTabs,
  renderWarnings,
} from "./render.js";

const ACCEPTED_FILES = ".docx,.docm,.dotx,.xml,.txt,.md";
const SAMPLE_CONTRACT = "samples/sample-services-agreement.docx";
// localStorage key of the name the web page writes on its tracked changes. Inside Word
// the pane sends no name: Word records the signed-in user on each change itself.
export const AUTHOR_KEY = "termscore.author";
const MAX_AUTHOR_LENGTH = 255;

function readAuthor(storage) {
  try {
    return storage?.getItem(AUTHOR_KEY) ?? "";
  } catch {
    return "";
  }
}

export function createController({ doc, mode, env, api, state, storage = null, download }) {
  const elements = {
    main: doc.getElementById("main"),
    status: doc.getElementById("status"),
    error: doc.getElementById("error"),
    dialog: doc.getElementById("dialog-root"),
  };
  const ui = { rejecting: null, dialog: null, file: null, rejected: null, pendingFocus: null, author: readAuthor(storage) };
  const caps = mode === "word" ? word.capabilities(env) : { tracking: false, paragraphIds: false };

  function announce(message) {
    elements.status.textContent = message;
  }

  function setBusy(message) {
    state.busy = message;
    elements.main.setAttribute("aria-busy", message ? "true" : "false");
    render();
    if (message) announce(message);
  }

  async function run(action) {
    state.error = null;
    ui.rejected = null;
    try {
      await action();
    } catch (error) {
      // Only the code goes to the console: messages can quote the contract.
      console.error("TermScore action failed:", error?.code ?? error?.name ?? "unknown");
      state.error = describeError(error, { mode });
      announce(state.error.title);
    } finally {
      state.busy = null;
      elements.main.setAttribute("aria-busy", "false");
      render();
    }
  }

  /** Ask with the in-pane dialog; resolves true when the user confirms. */
  function confirm({ title, message, confirmLabel }) {
    return new Promise((resolve) => {
      const close = (answer) => {
        ui.dialog = null;
        renderDialogLayer();
        resolve(answer);
      };
      ui.dialog = { title, message, confirmLabel, onConfirm: () => close(true), onCancel: () => close(false) };
      renderDialogLayer();
    });
  }

  function confirmUntracked(what) {
    if (caps.tracking) return Promise.resolve(true);
    return confirm({
      title: "This change will not be tracked",
      message: `This version of Word cannot turn on Track Changes for add-ins (it lacks WordApi 1.4), so ${what} will be made without a tracked-change mark. You can still undo it with Ctrl+Z. Apply it anyway?`,
      confirmLabel: "Apply without tracking",
    });
  }

  // ---- actions ---------------------------------------------------------------------

  const actions = {
    auditWord: () =>
      run(async () => {
        setBusy("Reading the document…");
        const documentData = await word.readDocument(env);
        setBusy("Checking the clauses…");
        const audit = await api.auditWordDocument(documentData);
        showAudit(audit);
      }),

    auditFile: (file) => run(() => auditUpload(file)),

    auditSample: () =>
      run(async () => {
        setBusy("Fetching the sample contract…");
        const response = await fetch(SAMPLE_CONTRACT);
        if (!response.ok) throw new Error(`The sample contract is missing (HTTP ${response.status}).`);
        const name = SAMPLE_CONTRACT.split("/").pop();
        await auditUpload(new File([await response.blob()], name));
      }),

    goTo: (finding) =>
      run(async () => {
        const result = await word.goTo(env, finding);
        announce(result.exact ? `Selected: ${finding.title}` : "The clause text changed since the audit, so its paragraph is selected instead.");
      }),

    accept: (finding) =>
      run(async () => {
        if (!(await confirmUntracked("this change"))) return;
        setBusy("Applying the change…");
        const result = await word.applySuggestion(env, finding);
        await state.decide(finding, "accepted");
        announce(`${result.tracked ? "Tracked" : "Untracked"} change applied: ${finding.title}.`);
        ui.pendingFocus = "tab:findings";
      }),

    acceptAll: () =>
      run(async () => {
        const open = state.openSuggestions();
        if (!open.length) return;
        if (!(await confirmUntracked(`${open.length} changes`))) return;
        state.refusals = null;
        let applied = 0;
        const failed = [];
        const done = [];
        const skipped = [];
        for (const [index, finding] of open.entries()) {
          // Two rules can flag the same words. Once one suggestion has rewritten them, the
          // other no longer fits, so it stays open for the reviewer to decide.
          if (done.some((other) => overlaps(other.location, finding.location))) {
            skipped.push(finding);
            continue;
          }
          setBusy(`Applying change ${index + 1} of ${open.length}…`);
          try {
            await word.applySuggestion(env, finding);
            await state.decide(finding, "accepted");
            done.push(finding);
            applied += 1;
          } catch (error) {
            failed.push({ finding, error });
          }
        }
        announce(
          `Accepted ${applied} of ${open.length} suggestions.` +
            (skipped.length ? ` ${skipped.length} left open because they change words another suggestion already changed.` : "") +
            (failed.length ? ` ${failed.length} could not be applied safely; the list above says why.` : ""),
        );
        state.refusals = describeWordRefusals(failed, open.length);
      }),

    startReject: (finding) => {
      ui.rejecting = finding.id;
      ui.pendingFocus = `reason:${finding.id}`;
      render();
    },

    cancelReject: () => {
      const id = ui.rejecting;
      ui.rejecting = null;
      ui.pendingFocus = `reject:${id}`;
      render();
    },

    reject: (finding, reason) =>
      run(async () => {
        ui.rejecting = null;
        await state.decide(finding, "rejected", reason);
        announce(`Rejected: ${finding.title}. It stays rejected when you audit this document again.`);
        ui.pendingFocus = "tab:findings";
      }),

    undo: (findingId) =>
      run(async () => {
        await state.undo(findingId);
        announce("The finding is open again.");
      }),

    toggle: (finding, checked) => {
      if (checked) state.selected.add(finding.id);
      else state.selected.delete(finding.id);
      render();
    },

    selectView: (view, focus = false) => {
      state.view = view;
      if (focus) ui.pendingFocus = `tab:${view}`;
      render();
    },

    insertAddendum: () =>
      run(async () => {
        setBusy("Fetching the addendum…");
        const response = await api.addendum({ format: "json", ...partyTerms() });
        const paragraphs = response.paragraphs ?? response;
        state.busy = null;
        if (!(await confirmUntracked("the addendum"))) return;
        setBusy("Inserting the addendum…");
        const result = await word.insertAddendum(env, paragraphs);
        announce(`Inserted the AI-training addendum (${result.changes} paragraphs) at the end of the document.`);
      }),

    downloadRedline: () =>
      run(async () => {
        // A finding without an edit of its own is never sent: the server skips it only
        // beside the finding whose edit covers it, and refuses it alone.
        const ids = [...state.selected].filter((id) => hasOwnEdit(state.findingById(id)));
        if (!ui.file || !ids.length) return;
        state.refusals = null;
        setBusy(`Writing ${ids.length} tracked change${ids.length === 1 ? "" : "s"}…`);
        const result = await api.redlineFile(ui.file, ids, { author: ui.author });
        download(result.blob, result.filename);
        state.refusals = describeServerRefusals(result.refusedIds ?? [], result.refused, state.audit?.findings);
        announce(
          `Downloaded ${result.filename} with ${result.applied} suggestion${result.applied === 1 ? "" : "s"} as tracked changes` +
            (result.refused ? `; ${result.refused} could not be applied safely.` : "."),
        );
      }),

    downloadAddendum: () =>
      run(async () => {
        setBusy("Preparing the addendum…");
        const result = await api.addendum({ format: "docx", ...partyTerms() });
        download(result.blob, result.filename);
        announce(`Downloaded ${result.filename}.`);
      }),

    setAuthor: (name) => {
      ui.author = name;
      try {
        if (name.trim()) storage?.setItem(AUTHOR_KEY, name.trim());
        else storage?.removeItem(AUTHOR_KEY);
      } catch {
        // Storage blocked or full: the name still applies until the page is reloaded.
      }
    },

    showFinding: (findingId) => {
      const target = state.findingById(findingId);
      if (!target) return;
      if (state.decisionFor(findingId)) {
        // The card left the Findings list when the finding was decided.
        state.view = "decisions";
        ui.pendingFocus = "tab:decisions";
        announce(`${target.title} was already ${state.decisionFor(findingId).decision}; it is listed under Decisions.`);
      } else {
        state.view = "findings";
        ui.pendingFocus = `card:${findingId}`;
        announce(`Showing: ${target.title}`);
      }
      render();
      doc.activeElement?.scrollIntoView?.({ block: "start", behavior: "smooth" });
    },

    dismissRefusals: () => {
      state.refusals = null;
      ui.pendingFocus = mode === "word" ? "accept-all" : "download-redline";
      render();
    },

    dismissError: () => {
      state.error = null;
      ui.rejected = null;
      render();
    },
  };

  function paragraphKey(location) {
    return location?.word_id ?? location?.word_index ?? location?.index;
  }

  function overlaps(first, second) {
    if (!first?.quote || !second?.quote) return false;
    if (paragraphKey(first) !== paragraphKey(second)) return false;
    const [a, b] = [first, second].map((l) => [l.start ?? 0, (l.start ?? 0) + l.quote.length]);
    return a[0] < b[1] && b[0] < a[1];
  }

  async function auditUpload(file) {
    if (!file) return;
    ui.rejected = null;
    let audit;
    try {
      if (file.size === 0) {
        throw new PaneError("empty_file", `${file.name} is empty (0 bytes).`);
      }
      setBusy(`Checking ${file.name}…`);
      audit = await api.auditFile(file);
    } catch (error) {
      // The previous file and its audit stay loaded, so Download still redlines the
      // file the findings came from.
      ui.rejected = file.name;
      throw error;
    }
    ui.file = file;
    state.setStore(browserDecisionStore(storage, `${file.name}:${file.size}`));
    showAudit(audit);
  }

  function dropzoneText() {
    const choose = ui.file ? "Drop or choose another file to audit it." : "Drop or choose a file: .docx, .txt or .md.";
    if (ui.rejected) {
      return {
        title: ui.file ? `Still showing ${ui.file.name}` : "No contract loaded",
        hint: `${ui.rejected} was not loaded (see the error above). ${choose}`,
      };
    }
    if (ui.file) return { title: ui.file.name, hint: "Drop or choose another file to audit it" };
    return { title: "Drop a contract here", hint: "or choose a file: .docx, .txt or .md" };
  }

  function partyTerms() {
    const parties = state.audit?.parties ?? {};
    return { customer: parties.customer, provider: parties.provider };
  }

  function showAudit(audit) {
    state.setAudit(audit);
    state.view = "findings";
    const open = state.openSuggestions().length;
    announce(
      `Audit complete: TermScore ${audit.score}, grade ${audit.grade}. ` +
        `${(audit.findings ?? []).length} findings, ${open} with a suggested change.`,
    );
  }

  // ---- rendering -----------------------------------------------------------------------

  function renderStart() {
    if (mode === "word") {
      return h(doc, "section", { class: "start" }, [
        state.audit
          ? null
          : h(doc, "p", { class: "intro", text: "Find clauses that let the other side use your work, data or metadata for AI training, and fix them with tracked changes." }),
        h(doc, "button", {
          type: "button",
          class: `btn ${state.audit ? "secondary" : "primary"} wide`,
          "data-key": "audit",
          "data-testid": "audit",
          disabled: Boolean(state.busy),
          onclick: actions.auditWord,
        }, [state.audit ? "Audit again" : "Audit this document"]),
      ]);
    }

    const input = h(doc, "input", {
      type: "file",
      id: "file-input",
      class: "file-input",
      accept: ACCEPTED_FILES,
      "data-key": "file",
      "data-testid": "file-input",
      disabled: Boolean(state.busy),
      onchange: (event) => actions.auditFile(event.target.files?.[0]),
    });
    const zoneText = dropzoneText();
    const zone = h(doc, "div", { class: `dropzone${state.audit ? " compact" : ""}`, "data-testid": "dropzone" }, [
      input,
      h(doc, "label", { for: "file-input", class: "dropzone-label" }, [
        h(doc, "span", { class: "dropzone-title", "data-testid": "dropzone-title", text: zoneText.title }),
        h(doc, "span", { class: "dropzone-hint", "data-testid": "dropzone-hint", text: zoneText.hint }),
        h(doc, "span", { class: "btn secondary", "aria-hidden": "true", text: "Choose a file" }),
      ]),
    ]);
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("dragging");
      actions.auditFile(event.dataTransfer?.files?.[0]);
    });
    return h(doc, "section", { class: "start" }, [
      state.audit ? null : h(doc, "p", { class: "intro", text: "Check a contract for clauses that let the other side use your work, data or metadata for AI training. Nothing is stored: the file is read in memory on this server." }),
      zone,
      state.audit || ui.file
        ? null
        : h(doc, "p", { class: "sample" }, [
          "No contract at hand? ",
          h(doc, "button", {
            type: "button",
            class: "link",
            "data-key": "sample",
            "data-testid": "sample",
            disabled: Boolean(state.busy),
            onclick: actions.auditSample,
          }, ["Try the sample services agreement"]),
        ]),
    ]);
  }

  function renderBulkActions() {
    const busy = Boolean(state.busy);
    if (mode === "word") {
      const open = state.openSuggestions().length;
      return h(doc, "div", { class: "bulk-actions" }, [
        h(doc, "button", {
          type: "button",
          class: "btn primary",
          disabled: busy || !open,
          "data-key": "accept-all",
          "data-testid": "accept-all",
          onclick: actions.acceptAll,
        }, [`Accept all (${open})`]),
        h(doc, "button", {
          type: "button",
          class: "btn secondary",
          disabled: busy,
          "data-key": "addendum",
          "data-testid": "insert-addendum",
          onclick: actions.insertAddendum,
        }, ["Insert AI-training addendum"]),
        caps.tracking ? null : h(doc, "p", { class: "hint", text: "This Word cannot track the pane's changes (WordApi 1.4 is missing); you will be asked before each change." }),
      ]);
    }
    const chosen = state.selected.size;
    return h(doc, "div", { class: "bulk-actions" }, [
      h(doc, "div", { class: "author-field" }, [
        h(doc, "label", { for: "author-input", text: "Your name (for tracked changes)" }),
        h(doc, "input", {
          id: "author-input",
          class: "text-input",
          type: "text",
          autocomplete: "name",
          maxlength: MAX_AUTHOR_LENGTH,
          placeholder: "TermScore",
          value: ui.author,
          "data-key": "author",
          "data-testid": "author",
          oninput: (event) => actions.setAuthor(event.target.value),
        }),
      ]),
      h(doc, "button", {
        type: "button",
        class: "btn primary",
        disabled: busy || !chosen,
        "data-key": "download-redline",
        "data-testid": "download-redline",
        onclick: actions.downloadRedline,
      }, [`Download redlined .docx (${chosen})`]),
      h(doc, "button", {
        type: "button",
        class: "btn secondary",
        disabled: busy,
        "data-key": "download-addendum",
        "data-testid": "download-addendum",
        onclick: actions.downloadAddendum,
      }, ["Download AI-training addendum"]),
    ]);
  }

  function renderResults() {
    const audit = state.audit;
    const groups = state.openFindingsBySeverity();
    const openCount = [...groups.values()].reduce((sum, list) => sum + list.length, 0);
    const decisions = state.decisionList();
    const tabs = [
      { id: "findings", label: "Findings", count: openCount },
      { id: "protections", label: "Protections", count: (audit.protections ?? []).filter((p) => !p.present).length || "" },
      { id: "decisions", label: "Decisions", count: decisions.length },
    ];
    const view = { mode, actions, rejecting: ui.rejecting, selected: state.selected, findingById: state.findingById };

    let panel;
    if (state.view === "protections") panel = [renderProtections(doc, audit.protections)];
    else if (state.view === "decisions") panel = [renderDecisions(doc, decisions, actions)];
    else panel = renderFindings(doc, groups, view);

    return [
      h(doc, "div", { class: "summary" }, [renderScore(doc, audit), renderBulkActions()]),
      state.refusals ? renderRefusals(doc, state.refusals, actions.dismissRefusals) : null,
      renderWarnings(doc, audit.warnings),
      renderTabs(doc, tabs, state.view, actions.selectView),
      h(doc, "div", {
        class: "tab-panel",
        role: "tabpanel",
        id: `panel-${state.view}`,
        "aria-labelledby": `tab-${state.view}`,
        "data-testid": `panel-${state.view}`,
      }, panel),
    ];
  }

  function renderDialogLayer() {
    elements.dialog.replaceChildren();
    if (!ui.dialog) return;
    elements.dialog.append(renderDialog(doc, ui.dialog));
    doc.querySelector('[data-key="dialog-confirm"]')?.focus();
  }

  function render() {
    const focusKey = ui.pendingFocus ?? doc.activeElement?.getAttribute?.("data-key");
    ui.pendingFocus = null;

    const children = [renderStart()];
    if (state.busy) {
      children.push(h(doc, "div", { class: "progress", "data-testid": "progress" }, [
        h(doc, "span", { class: "spinner", "aria-hidden": "true" }),
        h(doc, "span", { text: state.busy }),
      ]));
    }
    if (state.audit) children.push(...renderResults());
    elements.main.replaceChildren(...children.filter(Boolean));

    elements.error.replaceChildren();
    if (state.error) elements.error.append(renderError(doc, state.error, actions.dismissError));

    if (focusKey) {
      const target = [...doc.querySelectorAll("[data-key]")].find((node) => node.getAttribute("data-key") === focusKey);
      target?.focus();
    }
  }

  state.subscribe(render);
  return { actions, render, caps, ui };
}
