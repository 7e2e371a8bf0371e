// Plain-words explanations of the errors the pane can meet: Office.js errors by
// `error.code` (OfficeExtension.Error) and server errors by their JSON `code`. Each
// explanation says what happened and what to do next.

const WORD_ERRORS = {
  GeneralException: [
    "Word could not complete the request.",
    "Save the document, close and reopen the TermScore pane, and try again. Very large or unusual documents can make Word give up.",
  ],
  InvalidArgument: [
    "Word rejected the text TermScore tried to find or change.",
    "Run the audit again. If it happens again, make the change by hand with the suggestion shown.",
  ],
  ItemNotFound: [
    "The clause is no longer where the audit found it.",
    "The document changed since the audit. Run the audit again.",
  ],
  AccessDenied: [
    "Word does not allow changes to this part of the document.",
    "The document may be protected or opened read-only. Unprotect it (Review > Restrict Editing) or save an editable copy.",
  ],
  NotAllowed: [
    "Word does not allow this action right now.",
    "Finish any edit in progress (a dialog, a comment being typed) and try again.",
  ],
  ApiNotFound: [
    "This version of Word lacks a feature TermScore needs.",
    "Update Office, or use the TermScore web page to download a redlined copy.",
  ],
  InsertDeleteConflict: [
    "The change overlaps another change Word is making.",
    "Run the audit again, then apply the suggestions one by one.",
  ],
  SearchStringInvalidOrTooLong: [
    "The clause is too long for Word's search.",
    "Use Go to on a shorter part of the clause, or make the change by hand.",
  ],
};

const PANE_ERRORS = {
  export_failed: [
    "Word could not hand the document over for the audit.",
    "Save the document and try again. If it fails again, audit the saved .docx on the TermScore web page.",
  ],
  text_not_found: [
    "The clause is no longer where the audit found it.",
    "The document changed since the audit. Run the audit again, or make the change by hand.",
  ],
  empty_file: [
    "The file is empty (0 bytes).",
    "Choose the contract file again. If it is empty on disk too, save the contract again from the program that wrote it.",
  ],
  unsupported_story: [
    "TermScore can only change the main text of the document from the pane.",
    "Make this change by hand, or use the web page to download a redlined copy.",
  ],
};

const SERVER_ERRORS = {
  password_protected: [
    "The document is protected by a password.",
    "Remove the password (File > Info > Protect Document) and audit a copy without it.",
  ],
  unsupported_format: [
    "TermScore cannot read this kind of file.",
    "Save it as a Word document (.docx), or as plain text (.txt or .md), and try again.",
  ],
  empty_document: [
    "The file is empty or has no text to audit.",
    "Choose the contract file again. If it is empty on disk too, save the contract again from the program that wrote it.",
  ],
  corrupt_document: [
    "The document is damaged and could not be read.",
    "Open it in Word, save it as a new .docx, and try again.",
  ],
  document_too_large: [
    "The document, or the files packed inside it, is larger than this server accepts.",
    "Remove large images or split the contract, or ask your administrator to raise the size limit.",
  ],
  unsafe_xml: [
    "The document contains XML constructs that TermScore refuses to read for safety.",
    "Open it in Word and save it as a new .docx; Word writes XML without them.",
  ],
  analysis_timeout: [
    "The analysis took too long.",
    "Try again in a moment. If it keeps happening, audit a shorter part of the contract.",
  ],
  invalid_request: [
    "The server did not accept the request.",
    "Reload the pane and try again. The detail below says which value was wrong.",
    "Reload the page and try again. The detail below says which value was wrong.",
  ],
  bad_request: [
    "The server did not accept the request.",
    "Reload the pane and try again. The detail below says what was wrong.",
    "Reload the page and try again. The detail below says what was wrong.",
  ],
  request_too_large: [
    "The file is larger than this server accepts.",
    "Send a smaller file (remove large images or split the contract), or restart the server with a higher TERMSCORE_MAX_CONTENT_LENGTH (in bytes).",
  ],
  clause_library_invalid: [
    "The server's clause library has an invalid file, so it cannot audit.",
    "Ask your administrator to fix the file named below and restart the server.",
  ],
  invalid_configuration: [
    "The server has an invalid setting.",
    "Ask your administrator to fix the setting named below and restart the server.",
  ],
  not_found: [
    "The server has no such address.",
    "The server may be another version than this pane. Reload the pane and try again.",
    "The server may be another version than this page. Reload the page and try again.",
  ],
  method_not_allowed: [
    "The server does not accept this kind of request at that address.",
    "The server may be another version than this pane. Reload the pane and try again.",
    "The server may be another version than this page. Reload the page and try again.",
  ],
  unsupported_media_type: [
    "The server did not accept the way the file was sent.",
    "Reload the pane and try again.",
    "Reload the page and try again.",
  ],
  edit_rejected: [
    "The change could not be written safely.",
    "Make this change by hand in Word; the suggestion is shown in the finding.",
  ],
  unauthorized: [
    "The server needs an access token.",
    "Enter the token your administrator gave you under Settings and try again.",
  ],
  not_implemented: [
    "This server does not offer that feature yet.",
    "Update TermScore on the server, or use the command line.",
  ],
  network_error: [
    "The TermScore server could not be reached.",
    "Check that `termscore serve` is running and that this page was opened from it.",
  ],
};

function sentence(text) {
  const trimmed = String(text).trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function joinDetail(error) {
  return [error?.message, error?.detail].filter(Boolean).join(" ");
}

/**
 * Explain an error: returns {title, next, detail, code}. `title` names what happened,
 * `next` what to do, `detail` is the original message for the record. `mode` is "word"
 * for the task pane and "web" for the web page, whose texts never mention a pane.
 * A code this table lacks shows the server's own message and hint, when it sent them.
 */
export function describeError(error, { mode = "word" } = {}) {
  const code = error?.code ?? error?.name ?? "";
  const known = SERVER_ERRORS[code] ?? WORD_ERRORS[code] ?? PANE_ERRORS[code];
  if (known) {
    const [title, paneNext, webNext] = known;
    return { code, title, next: mode === "web" ? (webNext ?? paneNext) : paneNext, detail: joinDetail(error) };
  }
  if (code === "internal_error" || (error?.status ?? 0) >= 500) {
    return {
      code: code || "internal_error",
      title: "The TermScore server failed.",
      next: "Try again. If it fails again, give the request id from the server log to your administrator.",
      detail: joinDetail(error),
    };
  }
  const reload = mode === "web" ? "reload the page" : "reload the pane";
  if (error?.status && error?.message) {
    // An error code newer than this table: the server's message names the problem.
    return {
      code,
      title: error.message,
      next: error.detail ? sentence(error.detail) : `Try again. If it fails again, ${reload}.`,
      detail: `Error code: ${code || "unknown"}, HTTP ${error.status}.`,
    };
  }
  return {
    code: code || "unknown",
    title: "Something went wrong.",
    next: `Try again. If it fails again, ${reload}.`,
    detail: error?.message ?? String(error),
  };
}

/** An error the pane raises itself, with a code that describeError explains. */
export class PaneError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PaneError";
    this.code = code;
  }
}
