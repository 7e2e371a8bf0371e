// Lists of the suggestions a redline download or Accept all could not apply, each with the
// finding's title and a reason in plain words, for the pane's refusal notice.

import { describeError } from "./errors.js";

// The server sends the refused ids but no per-id reason (POST /api/redline headers), so
// the web page can give only the reason common to all refusals of a known finding.
export const SERVER_REFUSAL_REASON =
  "TermScore could not write this change without risking the text around it, so the clause is unchanged.";
export const UNKNOWN_ID_REASON = "The server did not find this finding in the file. Audit the file again.";

/** Return `id` as the server writes it in a header list: other characters become "_". */
export function headerSafeId(id) {
  return String(id).replace(/[^A-Za-z0-9:._-]/g, "_");
}

/**
 * Split a comma-separated header list into ids. Returns {ids, truncated}: the server cuts
 * a long list and ends it with "...".
 */
export function parseHeaderList(header) {
  const parts = String(header ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  const truncated = parts.at(-1) === "...";
  return { ids: truncated ? parts.slice(0, -1) : parts, truncated };
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Describe the findings a redline download refused. `refusedIds` are the ids from the
 * X-TermScore-Refused-Ids header, `count` is X-TermScore-Refused, and `findings` are the
 * audit's findings. Returns {summary, items: [{id, title, reason}]}, or null when nothing
 * was refused.
 */
export function describeServerRefusals(refusedIds, count, findings) {
  const total = Math.max(Number(count) || 0, refusedIds.length);
  if (!total) return null;
  const byHeaderId = new Map((findings ?? []).map((finding) => [headerSafeId(finding.id), finding]));
  const items = refusedIds.map((id) => {
    const finding = byHeaderId.get(id);
    return finding
      ? { id: finding.id, title: finding.title ?? finding.id, reason: SERVER_REFUSAL_REASON }
      : { id, title: `Finding ${id}`, reason: UNKNOWN_ID_REASON };
  });
  const unnamed = total - items.length;
  if (unnamed > 0) {
    items.push({ id: null, title: plural(unnamed, "more suggestion"), reason: "The server did not name them because the list was too long." });
  }
  return {
    summary: `${plural(total, "suggestion")} could not be applied safely. Make ${total === 1 ? "it" : "them"} by hand in Word:`,
    items,
  };
}

/**
 * Describe the suggestions Accept all could not apply in Word. `failed` lists
 * {finding, error} from the applySuggestion calls that threw; `attempted` is how many
 * suggestions Accept all tried. Returns {summary, items: [{id, title, reason}]}, or null.
 */
export function describeWordRefusals(failed, attempted) {
  if (!failed?.length) return null;
  const items = failed.map(({ finding, error }) => {
    const described = describeError(error);
    return { id: finding.id, title: finding.title ?? finding.id, reason: `${described.title} ${described.next}` };
  });
  return {
    summary: `${failed.length} of ${plural(attempted, "suggestion")} could not be applied safely:`,
    items,
  };
}
