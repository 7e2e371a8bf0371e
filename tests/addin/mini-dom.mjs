// A minimal DOM for node tests of the pane's rendering and controller: elements with
// attributes, children, text, event listeners and focus, and attribute-only selectors
// ("[name]" and '[name="value"]'). It implements only what render.js and controller.js use.

class MiniNode {
  constructor(doc) {
    this.ownerDocument = doc;
    this.parentNode = null;
    this.childNodes = [];
  }

  append(...nodes) {
    for (const node of nodes) {
      const child = typeof node === "string" ? new MiniText(this.ownerDocument, node) : node;
      child.parentNode = this;
      this.childNodes.push(child);
    }
  }

  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }

  get textContent() {
    return this.childNodes.map((child) => child.textContent).join("");
  }

  set textContent(value) {
    this.childNodes = [];
    this.append(new MiniText(this.ownerDocument, String(value)));
  }
}

class MiniText extends MiniNode {
  constructor(doc, text) {
    super(doc);
    this.text = text;
  }

  get textContent() {
    return this.text;
  }
}

class MiniElement extends MiniNode {
  constructor(doc, tag) {
    super(doc);
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.listeners = new Map();
    this.classList = { add: () => {}, remove: () => {} };
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }

  getAttribute(name) {
    return this.attributes.get(name) ?? null;
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }

  addEventListener(type, listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  dispatch(type, event = {}) {
    const full = { target: this, currentTarget: this, preventDefault() {}, ...event };
    for (const listener of this.listeners.get(type) ?? []) listener(full);
  }

  click() {
    this.dispatch("click");
  }

  focus() {
    this.ownerDocument.activeElement = this;
  }

  scrollIntoView(options) {
    this.ownerDocument.scrolledTo = { element: this, options };
  }

  *elements() {
    for (const child of this.childNodes) {
      if (child instanceof MiniElement) {
        yield child;
        yield* child.elements();
      }
    }
  }

  querySelectorAll(selector) {
    const match = /^\[([\w-]+)(?:="([^"]*)")?\]$/.exec(selector);
    if (!match) throw new Error(`mini-dom supports only attribute selectors, not ${selector}`);
    const [, name, value] = match;
    return [...this.elements()].filter((element) =>
      element.hasAttribute(name) && (value === undefined || element.getAttribute(name) === value));
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

/** Create a document whose body holds elements with the given ids. */
export function createMiniDocument(ids = ["main", "status", "error", "dialog-root"]) {
  const doc = {
    activeElement: null,
    scrolledTo: null,
    createElement: (tag) => new MiniElement(doc, tag),
    createElementNS: (_namespace, tag) => new MiniElement(doc, tag),
    createTextNode: (text) => new MiniText(doc, text),
  };
  doc.body = new MiniElement(doc, "body");
  for (const id of ids) {
    const element = new MiniElement(doc, "div");
    element.setAttribute("id", id);
    doc.body.append(element);
  }
  doc.getElementById = (id) => doc.body.querySelector(`[id="${id}"]`);
  doc.querySelectorAll = (selector) => doc.body.querySelectorAll(selector);
  doc.querySelector = (selector) => doc.body.querySelector(selector);
  return doc;
}
