// Client for the TermScore HTTP API. Every request goes to the origin that served the
// pane (relative URLs), so no CORS set-up is needed. Errors arrive as JSON
// {code, message, detail} and are raised as ApiError.

import { parseHeaderList } from "./refusals.js";

export class ApiError extends Error {
  constructor({ code, message, detail = null, status = 0 }) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.detail = detail;
    this.status = status;
  }
}

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Return the Content-Type the server expects for a raw upload named `name`. */
export function contentTypeFor(name) {
  const lower = (name ?? "").toLowerCase();
  if (lower.endsWith(".docx") || lower.endsWith(".docm") || lower.endsWith(".dotx")) return DOCX_TYPE;
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "text/markdown";
  if (lower.endsWith(".txt")) return "text/plain";
  if (lower.endsWith(".xml")) return "application/xml";
  return "application/octet-stream";
}

/** Return the file name from a Content-Disposition header, or `fallback`. */
export function filenameFromDisposition(header, fallback) {
  if (!header) return fallback;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // A malformed percent-escape: use the plain filename parameter below.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/**
 * Create an API client. `fetchImpl` is the fetch function (the browser's by default);
 * `token` is the optional bearer token a server with TERMSCORE_API_TOKEN requires.
 */
export function createApiClient({ baseUrl = "", fetchImpl = globalThis.fetch, token = null } = {}) {
  function headers(extra = {}) {
    const result = { Accept: "application/json", ...extra };
    if (token) result.Authorization = `Bearer ${token}`;
    return result;
  }

  async function send(path, init) {
    let response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, init);
    } catch (error) {
      throw new ApiError({
        code: "network_error",
        message: `The TermScore server could not be reached (${error.message}).`,
      });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function sendJson(path, init) {
    const response = await send(path, init);
    return response.json();
  }

  return {
    /** Audit the document as Word gives it: Flat OPC from body.getOoxml() plus paragraph texts. */
    auditWordDocument({ ooxml, paragraphs }) {
      return sendJson("/api/audit", {
        method: "POST",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify({ ooxml, paragraphs }),
      });
    },

    /** Audit an uploaded file (a File or Blob with a name) as a raw request body. */
    auditFile(file) {
      return sendJson(`/api/audit?name=${encodeURIComponent(file.name ?? "document")}`, {
        method: "POST",
        headers: headers({ "Content-Type": contentTypeFor(file.name) }),
        body: file,
      });
    },

    /**
     * Redline an uploaded file with the chosen finding ids; returns {blob, filename, applied,
     * refused, refusedIds}: `refused` counts the findings not written and `refusedIds` lists
     * those the server named (it cuts a long list, so it can be shorter than `refused`).
     * `author` names the tracked changes; without it the server writes "TermScore".
     * A .txt or .md file comes back as a .docx, since only Word documents hold tracked changes.
     */
    async redlineFile(file, findingIds, { author = "" } = {}) {
      const form = new FormData();
      form.append("file", file, file.name ?? "document.docx");
      form.append("findings", findingIds.join(","));
      if (author.trim()) form.append("author", author.trim());
      const response = await send("/api/redline", { method: "POST", headers: headers(), body: form });
      const fallback = (file.name ?? "document").replace(/\.[^.]+$/, "") + ".redlined.docx";
      return {
        blob: await response.blob(),
        filename: filenameFromDisposition(response.headers.get("Content-Disposition"), fallback),
        applied: Number(response.headers.get("X-TermScore-Applied") ?? findingIds.length),
        refused: Number(response.headers.get("X-TermScore-Refused") ?? 0),
        refusedIds: parseHeaderList(response.headers.get("X-TermScore-Refused-Ids")).ids,
      };
    },

    /** Fetch the AI-training addendum with the parties' defined terms, as JSON paragraphs or a .docx blob. */
    async addendum({ format = "json", customer, provider } = {}) {
      const query = new URLSearchParams({ format });
      if (customer) query.set("customer", customer);
      if (provider) query.set("provider", provider);
      const response = await send(`/api/addendum?${query}`, { method: "GET", headers: headers() });
      if (format === "json") return response.json();
      return {
        blob: await response.blob(),
        filename: filenameFromDisposition(response.headers.get("Content-Disposition"), "ai-training-addendum.docx"),
      };
    },

    health() {
      return sendJson("/api/health", { method: "GET", headers: headers() });
    },
  };
}

async function errorFromResponse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, for example): report the status alone.
  }
  if (body && typeof body.code === "string") {
    return new ApiError({ code: body.code, message: body.message ?? "", detail: body.detail ?? null, status: response.status });
  }
  return new ApiError({
    code: response.status === 413 ? "request_too_large" : "http_error",
    message: `The server returned HTTP ${response.status} ${response.statusText}`.trim() + ".",
    status: response.status,
  });
}
