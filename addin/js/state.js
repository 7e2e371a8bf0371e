// Pane state: the last audit, the user's decisions on findings, and the web page's choice
// of suggestions. Decisions are kept with the document (Office document settings) so
// that a rejected finding stays rejected when the same document is audited again.

export const SETTINGS_KEY = "termscore.decisions";
export const SEVERITIES = ["high", "medium", "low", "info"];

/**
 * Return true when the finding carries an edit of its own. A finding whose words another
 * finding also flags comes with suggestion action "none" and `see` naming the finding
 * whose edit covers both, so only that other finding is accepted or sent for a redline.
 */
export function hasOwnEdit(finding) {
  return Boolean(finding?.suggestion) && finding.suggestion.action !== "none";
}

/** Return the id of the finding whose edit covers `finding`, or null. */
export function sharedEditOwner(finding) {
  const suggestion = finding?.suggestion;
  return suggestion?.action === "none" && suggestion.see ? String(suggestion.see) : null;
}

/**
 * Create a decision store backed by Office.context.document.settings, which Word saves
 * inside the document. `settings` needs get, set and saveAsync (Office.Settings).
 */
export function officeDecisionStore(settings) {
  return {
    load() {
      const value = settings.get(SETTINGS_KEY);
      return value && typeof value === "object" ? { ...value } : {};
    },
    save(decisions) {
      settings.set(SETTINGS_KEY, decisions);
      return new Promise((resolve, reject) => {
        settings.saveAsync((result) => {
          if (result && result.status === "failed") {
            reject(result.error ?? new Error("Saving the decisions in the document failed."));
          } else {
            resolve();
          }
        });
      });
    },
  };
}

/**
 * Create a decision store for the web page. It keeps decisions in localStorage
 * (`storage`) under the file's name and size, or in memory when storage is unavailable.
 */
export function browserDecisionStore(storage, fileKey) {
  const key = `${SETTINGS_KEY}:${fileKey}`;
  let memory = {};
  return {
    load() {
      if (!storage) return { ...memory };
      try {
        return JSON.parse(storage.getItem(key) ?? "{}");
      } catch {
        return {};
      }
    },
    async save(decisions) {
      memory = { ...decisions };
      if (storage) storage.setItem(key, JSON.stringify(decisions));
    },
  };
}

export function createState(store) {
  let decisions = store ? store.load() : {};
  const listeners = new Set();

  const state = {
    audit: null,
    busy: null,
    error: null,
    // The findings the last redline or Accept all could not apply: {summary, items}.
    refusals: null,
    view: "findings",
    selected: new Set(),

    get decisions() {
      return decisions;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    notify() {
      listeners.forEach((listener) => listener(state));
    },

    setStore(nextStore) {
      store = nextStore;
      decisions = store ? store.load() : {};
    },

    setAudit(audit) {
      state.audit = audit;
      state.refusals = null;
      // Suggestions are ticked by default on the web page, except those already decided.
      state.selected = new Set(
        (audit?.findings ?? [])
          .filter((finding) => hasOwnEdit(finding) && !decisions[finding.id])
          .map((finding) => finding.id),
      );
    },

    /** Record that a finding was accepted or rejected (with an optional reason), and save it. */
    async decide(finding, decision, reason = "") {
      decisions = {
        ...decisions,
        [finding.id]: {
          decision,
          reason: reason.trim(),
          title: finding.title,
          rule: finding.rule,
          severity: finding.severity,
          date: new Date().toISOString(),
        },
      };
      state.selected.delete(finding.id);
      if (store) await store.save(decisions);
    },

    async undo(findingId) {
      const { [findingId]: _removed, ...rest } = decisions;
      decisions = rest;
      if (store) await store.save(decisions);
    },

    decisionFor(findingId) {
      return decisions[findingId] ?? null;
    },

    /** Findings still open (neither accepted nor rejected), grouped by severity in SEVERITIES order. */
    openFindingsBySeverity() {
      const groups = new Map(SEVERITIES.map((severity) => [severity, []]));
      for (const finding of state.audit?.findings ?? []) {
        if (decisions[finding.id]) continue;
        const severity = groups.has(finding.severity) ? finding.severity : "info";
        groups.get(severity).push(finding);
      }
      return groups;
    },

    /** Open findings with an edit of their own: what Accept all applies. */
    openSuggestions() {
      return (state.audit?.findings ?? []).filter((finding) => hasOwnEdit(finding) && !decisions[finding.id]);
    },

    findingById(findingId) {
      return (state.audit?.findings ?? []).find((finding) => finding.id === findingId) ?? null;
    },

    /** Decisions as a list, newest first, for the Decisions view. */
    decisionList() {
      return Object.entries(decisions)
        .map(([id, entry]) => ({ id, ...entry }))
        .sort((left, right) => (right.date ?? "").localeCompare(left.date ?? ""));
    },
  };
  return state;
}
