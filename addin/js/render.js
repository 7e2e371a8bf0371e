// DOM rendering of the pane. Everything is built with createElement and text nodes:
// document text and server strings reach the page only as textContent, never as HTML.
// Functions take the `document` to build in, so importing this module touches no DOM.

import { changeHunks } from "./worddiff.js";
import { hasOwnEdit, SEVERITIES, sharedEditOwner } from "./state.js";

const SVG_NS = "http://www.w3.org/2000/svg";

const SEVERITY_LABELS = { high: "High risk", medium: "Medium risk", low: "Low risk", info: "For information" };
const GRADE_CLASSES = { A: "grade-good", B: "grade-good", C: "grade-fair", D: "grade-poor", F: "grade-bad" };

/**
 * Create an element. `attributes` may hold `class`, `text` (textContent), `on*`
 * functions (event listeners), booleans (present or absent) and other attributes;
 * `children` are nodes or strings (added as text nodes), with null and false skipped.
 */
export function h(doc, tag, attributes = {}, children = []) {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") element.textContent = String(value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(doc, element, children);
  return element;
}

function append(doc, parent, children) {
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
}

function svg(doc, tag, attributes = {}) {
  const element = doc.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Return an SVG arc path on the gauge's half circle, from fraction `from` to `to` (0 = left). */
export function gaugeArc(from, to, radius = 40, cx = 50, cy = 50) {
  const point = (fraction) => {
    const angle = Math.PI * (1 - fraction);
    return [cx + radius * Math.cos(angle), cy - radius * Math.sin(angle)];
  };
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${radius} ${radius} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

/** Render the TermScore gauge with the score and grade. */
export function renderScore(doc, audit) {
  const score = Math.max(0, Math.min(100, Number(audit.score) || 0));
  const grade = String(audit.grade ?? "");
  const gauge = svg(doc, "svg", { viewBox: "0 0 100 58", class: "gauge", "aria-hidden": "true", focusable: "false" });
  gauge.append(svg(doc, "path", { d: gaugeArc(0, 1), class: "gauge-track" }));
  if (score > 0) gauge.append(svg(doc, "path", { d: gaugeArc(0, score / 100), class: "gauge-value" }));

  const counts = countBySeverity(audit.findings ?? []);
  const summary = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(", ");
  const total = (audit.findings ?? []).length;

  return h(doc, "section", {
    class: `score-card ${GRADE_CLASSES[grade] ?? ""}`,
    "aria-label": `TermScore ${score} out of 100, grade ${grade}`,
    "data-testid": "score-card",
  }, [
    h(doc, "div", { class: "gauge-wrap" }, [
      gauge,
      h(doc, "div", { class: "gauge-label" }, [
        h(doc, "span", { class: "score-value", "data-testid": "score", text: String(score) }),
        h(doc, "span", { class: "score-max", text: "/100" }),
      ]),
    ]),
    h(doc, "div", { class: "score-text" }, [
      h(doc, "p", { class: "grade" }, [
        h(doc, "span", { class: "grade-badge", "data-testid": "grade", text: grade }),
        h(doc, "span", { text: " TermScore" }),
      ]),
      h(doc, "p", {
        class: "score-summary",
        text: total ? `${total} finding${total === 1 ? "" : "s"}: ${summary}` : "No risky clauses found.",
      }),
      renderParties(doc, audit.parties),
    ]),
  ]);
}

function countBySeverity(findings) {
  const counts = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

function renderParties(doc, parties) {
  if (!parties || (!parties.customer && !parties.provider)) return null;
  const side = parties.protected_side === "provider" ? parties.provider : parties.customer;
  return h(doc, "p", { class: "parties" }, [
    "Reviewing for ",
    h(doc, "strong", { text: side || "the customer" }),
    parties.provider && parties.customer ? ` (${parties.customer} and ${parties.provider})` : "",
  ]);
}

/**
 * Render a word-level diff as the redline Accept writes: the same edits (changed runs of
 * words, see changeHunks), deletions in <del> and insertions in <ins>, each with hidden
 * words so that screen readers say which is which.
 */
export function renderDiff(doc, before, after) {
  const container = h(doc, "p", { class: "diff", "data-testid": "diff" });
  const marked = (tag, label, text) =>
    h(doc, tag, {}, [h(doc, "span", { class: "visually-hidden", text: `[${label}: ` }), text, h(doc, "span", { class: "visually-hidden", text: "]" })]);
  let position = 0;
  for (const hunk of changeHunks(before ?? "", after ?? "")) {
    if (hunk.start > position) container.append(doc.createTextNode(before.slice(position, hunk.start)));
    if (hunk.oldText) container.append(marked("del", "deleted", hunk.oldText));
    if (hunk.newText) container.append(marked("ins", "inserted", hunk.newText));
    position = hunk.end;
  }
  if (position < (before ?? "").length) container.append(doc.createTextNode(before.slice(position)));
  return container;
}

function button(doc, label, onclick, options = {}) {
  return h(doc, "button", {
    type: "button",
    class: `btn ${options.variant ?? "secondary"}`,
    onclick,
    disabled: options.disabled ?? false,
    "aria-label": options.ariaLabel,
    "data-key": options.key,
    "data-testid": options.testid,
  }, [label]);
}

/** Render one finding as a card with its quote, explanation, suggestion and actions. */
// A list label as a reader cites it: "16." becomes "16"; "(a)" and "2.1" stay.
export function citedLabel(label) {
  return /[0-9A-Za-z]\.$/.test(label) ? label.slice(0, -1) : label;
}

export function renderFinding(doc, finding, view) {
  const { mode, actions, rejecting, selected } = view;
  const location = finding.location ?? {};
  const suggestion = finding.suggestion;
  const headingId = `finding-${cssId(finding.id)}-title`;

  const meta = [
    h(doc, "span", { class: `badge sev-${finding.severity}`, text: finding.severity }),
    finding.kind === "missing" ? h(doc, "span", { class: "badge kind", text: "missing protection" }) : null,
    location.label ? h(doc, "span", { class: "clause-label", text: `Clause ${citedLabel(location.label)}` }) : null,
  ];

  const body = [
    h(doc, "div", { class: "finding-meta" }, meta),
    h(doc, "h3", { class: "finding-title", id: headingId, text: finding.title }),
    location.quote ? h(doc, "blockquote", { class: "quote", text: location.quote }) : null,
    finding.explanation ? h(doc, "p", { class: "explanation", text: finding.explanation }) : null,
  ];

  const ownEdit = hasOwnEdit(finding);
  if (suggestion && !ownEdit) {
    body.push(renderSharedNote(doc, finding, view));
  } else if (suggestion) {
    const before = suggestion.action === "insert" ? "" : location.quote ?? "";
    const labels = { insert: "Suggested new clause", delete: "Suggested deletion" };
    body.push(h(doc, "div", { class: `suggestion action-${suggestion.action}` }, [
      h(doc, "p", { class: "suggestion-label", text: labels[suggestion.action] ?? "Suggested change" }),
      renderDiff(doc, before, suggestion.text ?? ""),
    ]));
  }

  const buttons = [];
  if (mode === "word") {
    if (location.quote || Number.isInteger(location.index)) {
      buttons.push(button(doc, "Go to", () => actions.goTo(finding), { key: `goto:${finding.id}`, ariaLabel: `Go to: ${finding.title}` }));
    }
    if (ownEdit) {
      buttons.push(button(doc, suggestion.action === "insert" ? "Insert" : "Accept", () => actions.accept(finding), {
        variant: "primary",
        key: `accept:${finding.id}`,
        testid: "accept",
        ariaLabel: `${suggestion.action === "insert" ? "Insert" : "Accept"}: ${finding.title}`,
      }));
    }
  } else if (ownEdit) {
    const inputId = `pick-${cssId(finding.id)}`;
    buttons.push(h(doc, "label", { class: "pick", for: inputId }, [
      h(doc, "input", {
        type: "checkbox",
        id: inputId,
        checked: selected.has(finding.id),
        "data-key": `pick:${finding.id}`,
        "data-testid": "pick",
        onchange: (event) => actions.toggle(finding, event.target.checked),
      }),
      " Include in redline",
    ]));
  }
  buttons.push(button(doc, "Reject", () => actions.startReject(finding), {
    key: `reject:${finding.id}`,
    testid: "reject",
    ariaLabel: `Reject: ${finding.title}`,
    variant: "subtle",
  }));
  body.push(h(doc, "div", { class: "finding-actions" }, buttons));

  if (rejecting === finding.id) body.push(renderRejectForm(doc, finding, actions));

  return h(doc, "article", {
    class: `finding sev-border-${finding.severity}`,
    "aria-labelledby": headingId,
    "data-finding-id": finding.id,
    "data-testid": "finding",
    // Focusable from script only, so that "Show that finding" can move focus to the card.
    tabindex: "-1",
    "data-key": `card:${finding.id}`,
  }, body);
}

// A finding that shares its words with another finding has no edit of its own: the
// other finding's change covers it, so the card points there instead of offering one.
function renderSharedNote(doc, finding, view) {
  const ownerId = sharedEditOwner(finding);
  const owner = ownerId ? view.findingById?.(ownerId) ?? null : null;
  const ownerTitle = owner?.title ?? "another finding";
  return h(doc, "div", { class: "suggestion shared", "data-testid": "shared-note" }, [
    h(doc, "p", { class: "shared-text", text: `The suggested change for ${ownerTitle} also covers this.` }),
    owner
      ? h(doc, "button", {
        type: "button",
        class: "link",
        "data-key": `show:${finding.id}`,
        "data-testid": "show-owner",
        "aria-label": `Show the finding: ${ownerTitle}`,
        onclick: () => view.actions.showFinding(ownerId),
      }, ["Show that finding"])
      : null,
  ]);
}

function cssId(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, "-");
}

function renderRejectForm(doc, finding, actions) {
  const inputId = `reason-${cssId(finding.id)}`;
  const input = h(doc, "input", {
    type: "text",
    id: inputId,
    class: "text-input",
    placeholder: "For example: accepted in negotiation",
    maxlength: "500",
    "data-key": `reason:${finding.id}`,
    "data-testid": "reason",
  });
  return h(doc, "form", {
    class: "reject-form",
    onsubmit: (event) => {
      event.preventDefault();
      actions.reject(finding, input.value);
    },
    onkeydown: (event) => {
      if (event.key === "Escape") actions.cancelReject();
    },
  }, [
    h(doc, "label", { for: inputId, text: "Reason for rejecting (optional)" }),
    input,
    h(doc, "div", { class: "form-actions" }, [
      h(doc, "button", { type: "submit", class: "btn primary", "data-testid": "confirm-reject" }, ["Reject finding"]),
      button(doc, "Cancel", () => actions.cancelReject()),
    ]),
  ]);
}

/** Render the open findings grouped by severity. */
export function renderFindings(doc, groups, view) {
  const sections = [];
  for (const [severity, findings] of groups) {
    if (!findings.length) continue;
    const headingId = `group-${severity}`;
    sections.push(h(doc, "section", { class: "finding-group", "aria-labelledby": headingId }, [
      h(doc, "h2", { id: headingId, class: `group-title sev-${severity}` }, [
        SEVERITY_LABELS[severity] ?? severity,
        h(doc, "span", { class: "count", text: String(findings.length) }),
      ]),
      ...findings.map((finding) => renderFinding(doc, finding, view)),
    ]));
  }
  if (!sections.length) {
    sections.push(h(doc, "p", { class: "empty", text: "No open findings: everything found was accepted or rejected (see Decisions). Audit again to see the new score." }));
  }
  return sections;
}

/** Render the list of protective clauses the contract has or lacks. */
export function renderProtections(doc, protections) {
  if (!protections?.length) return h(doc, "p", { class: "empty", text: "The audit listed no protections." });
  const present = protections.filter((p) => p.present).length;
  return h(doc, "div", {}, [
    h(doc, "p", { class: "hint", text: `${present} of ${protections.length} protections are in the contract.` }),
    h(doc, "ul", { class: "protections", "data-testid": "protections" }, protections.map((protection) =>
      h(doc, "li", { class: protection.present ? "present" : "absent" }, [
        h(doc, "span", { class: "mark", "aria-hidden": "true", text: protection.present ? "✓" : "✕" }),
        h(doc, "span", { class: "visually-hidden", text: protection.present ? "Present: " : "Missing: " }),
        protection.title ?? protection.id,
      ]))),
  ]);
}

/** Render the decisions kept in the document, newest first, with a way to reopen each. */
export function renderDecisions(doc, decisions, actions) {
  if (!decisions.length) {
    return h(doc, "p", { class: "empty", text: "No decisions yet. Accepted and rejected findings are listed here and saved in the document." });
  }
  return h(doc, "ul", { class: "decisions", "data-testid": "decisions" }, decisions.map((entry) =>
    h(doc, "li", { class: `decision ${entry.decision}` }, [
      h(doc, "div", { class: "decision-head" }, [
        h(doc, "span", { class: `badge decision-${entry.decision}`, text: entry.decision }),
        h(doc, "span", { class: "decision-title", text: entry.title ?? entry.id }),
      ]),
      entry.reason ? h(doc, "p", { class: "decision-reason", text: `Reason: ${entry.reason}` }) : null,
      h(doc, "p", { class: "decision-date", text: formatDate(entry.date) }),
      // An accepted change is already in the document, so reopening the finding would not
      // remove it; Word's own Reject on the tracked change does.
      entry.decision === "accepted"
        ? h(doc, "p", { class: "decision-reason", text: "To undo it, reject the tracked change in Word (Review > Reject)." })
        : button(doc, "Reopen", () => actions.undo(entry.id), {
          variant: "subtle",
          key: `undo:${entry.id}`,
          ariaLabel: `Reopen: ${entry.title ?? entry.id}`,
        }),
    ])));
}

function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Render the tab list; arrow keys move between tabs as the ARIA tabs pattern expects. */
export function renderTabs(doc, tabs, current, onSelect) {
  const list = h(doc, "div", { class: "tabs", role: "tablist", "aria-label": "Audit results" });
  tabs.forEach((tab, index) => {
    const selected = tab.id === current;
    list.append(h(doc, "button", {
      type: "button",
      role: "tab",
      id: `tab-${tab.id}`,
      class: "tab",
      "aria-selected": selected ? "true" : "false",
      "aria-controls": `panel-${tab.id}`,
      tabindex: selected ? "0" : "-1",
      "data-key": `tab:${tab.id}`,
      "data-testid": `tab-${tab.id}`,
      onclick: () => onSelect(tab.id),
      onkeydown: (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        onSelect(tabs[(index + step + tabs.length) % tabs.length].id, true);
      },
    }, [tab.label, h(doc, "span", { class: "count", text: String(tab.count ?? "") })]));
  });
  return list;
}

/** Render the error banner: what happened, what to do next, and the original message. */
export function renderError(doc, described, onDismiss) {
  return h(doc, "div", { class: "error-banner", "data-testid": "error" }, [
    h(doc, "p", { class: "error-title", text: described.title }),
    h(doc, "p", { class: "error-next", text: described.next }),
    described.detail ? h(doc, "p", { class: "error-detail", text: described.detail }) : null,
    button(doc, "Dismiss", onDismiss, { variant: "subtle", key: "dismiss-error" }),
  ]);
}

/** Render an in-pane modal dialog that asks before an action (used instead of window.confirm). */
export function renderDialog(doc, dialog) {
  const titleId = "dialog-title";
  const messageId = "dialog-message";
  return h(doc, "div", { class: "dialog-backdrop" }, [
    h(doc, "div", {
      class: "dialog",
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": titleId,
      "aria-describedby": messageId,
      "data-testid": "dialog",
      onkeydown: (event) => {
        if (event.key === "Escape") {
          dialog.onCancel();
          return;
        }
        // Keep Tab inside the dialog, as the WAI-ARIA modal dialog pattern requires.
        if (event.key !== "Tab") return;
        const buttons = [...event.currentTarget.querySelectorAll("button")];
        const index = buttons.indexOf(doc.activeElement);
        const next = (index + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length;
        event.preventDefault();
        buttons[next].focus();
      },
    }, [
      h(doc, "h2", { id: titleId, text: dialog.title }),
      h(doc, "p", { id: messageId, text: dialog.message }),
      h(doc, "div", { class: "form-actions" }, [
        button(doc, dialog.confirmLabel, dialog.onConfirm, { variant: "primary", key: "dialog-confirm", testid: "dialog-confirm" }),
        button(doc, "Cancel", dialog.onCancel, { key: "dialog-cancel", testid: "dialog-cancel" }),
      ]),
    ]),
  ]);
}

/**
 * Render the list of suggestions that could not be applied, each as the finding's title
 * and the reason. `refusals` is {summary, items: [{title, reason}]}.
 */
export function renderRefusals(doc, refusals, onDismiss) {
  return h(doc, "section", { class: "refusals", "aria-label": "Suggestions not applied", "data-testid": "refusals" }, [
    h(doc, "p", { class: "refusals-summary", text: refusals.summary }),
    h(doc, "ul", { class: "refusals-list" }, refusals.items.map((item) =>
      h(doc, "li", { "data-testid": "refusal" }, [
        h(doc, "strong", { class: "refusal-title", text: item.title }),
        h(doc, "span", { class: "refusal-reason", text: `: ${item.reason}` }),
      ]))),
    button(doc, "Dismiss", onDismiss, { variant: "subtle", key: "dismiss-refusals", ariaLabel: "Dismiss the list of suggestions not applied" }),
  ]);
}

/** Render the audit's warnings (content not analyzed, for example) as a short list. */
export function renderWarnings(doc, warnings) {
  if (!warnings?.length) return null;
  return h(doc, "details", { class: "warnings" }, [
    h(doc, "summary", { text: `${warnings.length} note${warnings.length === 1 ? "" : "s"} about this audit` }),
    h(doc, "ul", {}, warnings.map((warning) => h(doc, "li", { text: warning.message ?? String(warning) }))),
  ]);
}
