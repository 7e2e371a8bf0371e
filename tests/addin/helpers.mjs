// Shared set-up for the add-in's node tests.
import "./fake-office.js";

export const { createFakeOffice } = globalThis.TermScoreFakeOffice;

export const SAMPLE_PARAGRAPHS = [
  "MASTER SERVICES AGREEMENT",
  "1. Definitions. \"Customer Data\" means data the Customer uploads.",
  "7.2 Provider may use Customer Data to train and improve its machine learning models.",
  "12. Term and termination.",
];

/** Return a finding shaped like the audit JSON for the clause in paragraph `index`. */
export function replaceFinding({ index = 2, quote, text, id = "ai-training:0001", extra = {} } = {}) {
  const paragraph = SAMPLE_PARAGRAPHS[index];
  const q = quote ?? paragraph;
  const start = paragraph.indexOf(q);
  return {
    id,
    rule: "ai-training",
    kind: "risk",
    severity: "high",
    title: "Provider may train AI models on your data",
    explanation: "The provider may use your data to train models.",
    location: {
      story: "body",
      part: "word/document.xml",
      index,
      para_id: "3A1F0C2B",
      label: "7.2",
      start,
      end: start + q.length,
      quote: q,
      search_key: q.slice(0, 255),
      ...extra,
    },
    suggestion: { action: "replace", text, clause: "ai-training-prohibition" },
  };
}
