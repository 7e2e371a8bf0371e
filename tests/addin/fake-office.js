// A fake Office/Word host for the task pane's tests. It implements only the members the
// pane calls, but with the rules of the real API that matter to the pane:
// - proxy properties throw PropertyNotLoaded until they are loaded and context.sync() ran;
// - queued calls run in order at context.sync(), and a failing call rejects that sync;
// - search text over 255 characters fails at sync with InvalidArgument;
// - members of WordApi 1.4 (changeTrackingMode) and 1.6 (uniqueLocalId,
//   getParagraphByUniqueLocalId) fail with ApiNotFound when the fake offers a lower set;
// - with tracking on, every edit is recorded as Added/Deleted entries in trackedChanges,
//   and with tracking off it is recorded in untrackedEdits.
// Simplification: a tracked deletion is removed from the paragraph text, whereas real Word
// keeps deleted text in Paragraph.text until the change is accepted.
//
// It is a classic script so the end-to-end test can serve it in place of office.js; it
// sets globalThis.TermScoreFakeOffice = {createFakeOffice, install}.
(function (root) {
  "use strict";

  const MAX_SEARCH_LENGTH = 255;

  class OfficeExtensionError extends Error {
    constructor(code, message) {
      super(message);
      this.name = "OfficeExtension.Error";
      this.code = code;
      this.debugInfo = { code, message };
    }
  }

  function versionAtLeast(offered, wanted) {
    const [a1, a2] = String(offered).split(".").map(Number);
    const [b1, b2] = String(wanted).split(".").map(Number);
    return a1 > b1 || (a1 === b1 && a2 >= b2);
  }

  function createFakeOffice(options) {
    const config = Object.assign({ apiVersion: "1.6", ooxml: "", paragraphs: [], settings: {} }, options);
    let nextId = 1;
    const newId = () => `{FAKE-${String(nextId++).padStart(4, "0")}}`;

    const doc = {
      paragraphs: config.paragraphs.map((entry) => {
        const text = typeof entry === "string" ? entry : entry.text;
        const style = typeof entry === "string" ? "Normal" : entry.style || "Normal";
        return { id: newId(), text, style, ranges: new Set() };
      }),
      changeTrackingMode: config.changeTrackingMode || "Off",
      trackedChanges: [],
      untrackedEdits: [],
      selection: null,
      syncCount: 0,
      settings: Object.assign({}, config.settings),
      savedSettings: Object.assign({}, config.settings),
      plainText() {
        return doc.paragraphs.map((paragraph) => paragraph.text).join("\n");
      },
    };

    const requires = (version, member) => {
      if (!versionAtLeast(config.apiVersion, version)) {
        throw new OfficeExtensionError("ApiNotFound", `${member} needs WordApi ${version}; this host offers ${config.apiVersion}.`);
      }
    };

    // ---- document model edits -------------------------------------------------------

    function record(type, text, paragraph) {
      const entry = { type, text, author: "TermScore", paragraph: doc.paragraphs.indexOf(paragraph) };
      if (doc.changeTrackingMode === "Off") doc.untrackedEdits.push(entry);
      else doc.trackedChanges.push(entry);
    }

    function spanOf(model) {
      if (model.whole) return { start: 0, end: model.paragraph.text.length };
      return { start: model.start, end: model.end };
    }

    // Replace [start, end) of a paragraph's text and move live ranges the way Word does.
    function edit(paragraph, start, end, newText) {
      const oldText = paragraph.text.slice(start, end);
      const delta = newText.length - (end - start);
      paragraph.text = paragraph.text.slice(0, start) + newText + paragraph.text.slice(end);
      // A position before the edit stays, one after it shifts, and one inside the
      // replaced text moves to the start (range starts) or the end (range ends) of the new text.
      const mapPosition = (position, insideTo) => {
        if (position >= end && position > start) return position + delta;
        if (position > start) return insideTo;
        return position;
      };
      for (const range of paragraph.ranges) {
        range.start = mapPosition(range.start, start);
        range.end = Math.max(range.start, mapPosition(range.end, start + newText.length));
      }
      if (oldText) record("Deleted", oldText, paragraph);
      if (newText) record("Added", newText, paragraph);
    }

    function newRange(paragraph, start, end) {
      const model = { paragraph, start, end };
      paragraph.ranges.add(model);
      return model;
    }

    function insertParagraphModel(text, index) {
      const paragraph = { id: newId(), text, style: "Normal", ranges: new Set() };
      doc.paragraphs.splice(index, 0, paragraph);
      const entry = { type: "Added", text, author: "TermScore", paragraph: index, newParagraph: true };
      if (doc.changeTrackingMode === "Off") doc.untrackedEdits.push(entry);
      else doc.trackedChanges.push(entry);
      return paragraph;
    }

    // ---- proxies ----------------------------------------------------------------------

    class RequestContext {
      constructor() {
        this._queue = [];
        this._loads = [];
        this.document = new DocumentProxy(this);
      }

      _enqueue(action) {
        this._queue.push(action);
      }

      async sync() {
        doc.syncCount += 1;
        const queue = this._queue;
        this._queue = [];
        await Promise.resolve();
        for (const action of queue) action();
      }
    }

    class ProxyObject {
      constructor(context) {
        this._context = context;
        this._values = {};
        this._loaded = new Set();
      }

      _get(name) {
        if (!this._loaded.has(name)) {
          throw new OfficeExtensionError(
            "PropertyNotLoaded",
            `The property '${name}' is not available. Load it and call context.sync() before reading it.`,
          );
        }
        return this._values[name];
      }

      _snapshot(names) {
        for (const name of names) {
          this._values[name] = this._read(name);
          this._loaded.add(name);
        }
      }

      load(spec) {
        const names = String(spec || "").split(",").map((name) => name.trim()).filter(Boolean);
        this._context._enqueue(() => this._snapshot(names));
        return this;
      }
    }

    class ClientResult {
      constructor(context, compute) {
        this._ready = false;
        context._enqueue(() => {
          this._value = compute();
          this._ready = true;
        });
      }

      get value() {
        if (!this._ready) {
          throw new OfficeExtensionError("PropertyNotLoaded", "The value is not available before context.sync().");
        }
        return this._value;
      }
    }

    class RangeProxy extends ProxyObject {
      // `resolve` runs at sync time and returns the range model {paragraph, start, end}.
      constructor(context, resolve) {
        super(context);
        context._enqueue(() => {
          this._model = resolve();
        });
      }

      _read(name) {
        const { start, end } = spanOf(this._model);
        if (name === "text") return this._model.paragraph.text.slice(start, end);
        throw new OfficeExtensionError("InvalidArgument", `The fake range has no property '${name}'.`);
      }

      get text() {
        return this._get("text");
      }

      search(text, options) {
        return new RangeCollectionProxy(this._context, () => {
          if (text.length > MAX_SEARCH_LENGTH) {
            throw new OfficeExtensionError("InvalidArgument", `Search text is ${text.length} characters; the limit is 255.`);
          }
          const codes = { "^^": "^", "^t": "\t", "^l": "\u000b" };
          const needle = text.replace(/\^[\^tl]/g, (code) => codes[code]);
          const matchCase = Boolean(options && options.matchCase);
          const { start, end } = spanOf(this._model);
          const paragraph = this._model.paragraph;
          const scope = paragraph.text.slice(start, end);
          const haystack = matchCase ? scope : scope.toLowerCase();
          const target = matchCase ? needle : needle.toLowerCase();
          const found = [];
          let position = target ? haystack.indexOf(target) : -1;
          while (position !== -1) {
            found.push(newRange(paragraph, start + position, start + position + needle.length));
            position = haystack.indexOf(target, position + needle.length);
          }
          return found;
        });
      }

      expandTo(other) {
        return new RangeProxy(this._context, () => {
          const a = this._model;
          const b = other._model;
          if (a.paragraph !== b.paragraph) {
            throw new OfficeExtensionError("InvalidArgument", "The fake only expands ranges within one paragraph.");
          }
          return newRange(a.paragraph, Math.min(spanOf(a).start, spanOf(b).start), Math.max(spanOf(a).end, spanOf(b).end));
        });
      }

      insertText(text, location) {
        return new RangeProxy(this._context, () => {
          const model = this._model;
          const { start, end } = spanOf(model);
          let at;
          if (location === "Replace") {
            edit(model.paragraph, start, end, text);
            return newRange(model.paragraph, start, start + text.length);
          }
          if (location === "Start" || location === "Before") at = start;
          else if (location === "End" || location === "After") at = end;
          else throw new OfficeExtensionError("InvalidArgument", `Unknown insert location '${location}'.`);
          edit(model.paragraph, at, at, text);
          return newRange(model.paragraph, at, at + text.length);
        });
      }

      delete() {
        this._context._enqueue(() => {
          const { start, end } = spanOf(this._model);
          edit(this._model.paragraph, start, end, "");
        });
      }

      select() {
        this._context._enqueue(() => {
          const { start, end } = spanOf(this._model);
          const paragraph = this._model.paragraph;
          doc.selection = {
            paragraph: doc.paragraphs.indexOf(paragraph),
            start,
            end,
            text: paragraph.text.slice(start, end),
          };
        });
      }
    }

    class ParagraphProxy extends RangeProxy {
      _read(name) {
        const paragraph = this._model.paragraph;
        if (name === "uniqueLocalId") {
          requires("1.6", "Paragraph.uniqueLocalId");
          return paragraph.id;
        }
        if (name === "style" || name === "styleBuiltIn") return paragraph.style;
        return super._read(name);
      }

      get uniqueLocalId() {
        return this._get("uniqueLocalId");
      }

      set styleBuiltIn(value) {
        this._context._enqueue(() => {
          this._model.paragraph.style = value;
        });
      }

      get styleBuiltIn() {
        return this._get("styleBuiltIn");
      }

      insertParagraph(text, location) {
        return new ParagraphProxy(this._context, () => {
          const index = doc.paragraphs.indexOf(this._model.paragraph);
          if (location !== "After" && location !== "Before") {
            throw new OfficeExtensionError("InvalidArgument", `Paragraph.insertParagraph takes Before or After, not '${location}'.`);
          }
          const paragraph = insertParagraphModel(text, location === "After" ? index + 1 : index);
          return { paragraph, whole: true };
        });
      }
    }

    class RangeCollectionProxy extends ProxyObject {
      constructor(context, resolve, makeItem) {
        super(context);
        this._makeItem = makeItem || concreteProxy(RangeProxy.prototype, context);
        context._enqueue(() => {
          this._models = resolve();
        });
      }

      _snapshot(names) {
        const itemProps = [];
        let wantsItems = false;
        for (const name of names) {
          if (name === "items") wantsItems = true;
          else if (name.startsWith("items/")) {
            wantsItems = true;
            itemProps.push(name.slice("items/".length));
          }
        }
        if (!wantsItems) return;
        this._items = this._models.map((model) => {
          const item = this._makeItem(model);
          item._snapshot(itemProps.length ? itemProps : ["text"]);
          return item;
        });
        this._loaded.add("items");
      }

      get items() {
        this._get("items");
        return this._items;
      }
    }

    // Items of a loaded collection are proxies whose model is already known, so they are
    // built without queueing a resolve step.
    function concreteProxy(prototype, context) {
      return (model) => {
        const proxy = Object.create(prototype);
        Object.assign(proxy, { _context: context, _values: {}, _loaded: new Set(), _model: model });
        return proxy;
      };
    }

    class BodyProxy extends ProxyObject {
      get paragraphs() {
        if (!this._paragraphs) {
          this._paragraphs = new RangeCollectionProxy(
            this._context,
            () => doc.paragraphs.map((paragraph) => ({ paragraph, whole: true })),
            concreteProxy(ParagraphProxy.prototype, this._context),
          );
        }
        return this._paragraphs;
      }

      getOoxml() {
        return new ClientResult(this._context, () => config.ooxml);
      }

      insertParagraph(text, location) {
        return new ParagraphProxy(this._context, () => {
          if (location !== "End" && location !== "Start") {
            throw new OfficeExtensionError("InvalidArgument", `Body.insertParagraph takes Start or End, not '${location}'.`);
          }
          const paragraph = insertParagraphModel(text, location === "End" ? doc.paragraphs.length : 0);
          return { paragraph, whole: true };
        });
      }
    }

    class DocumentProxy extends ProxyObject {
      constructor(context) {
        super(context);
        this.body = new BodyProxy(context);
      }

      _read(name) {
        if (name === "changeTrackingMode") {
          requires("1.4", "Document.changeTrackingMode");
          if (config.trackingModeUnreadable) {
            throw new OfficeExtensionError("PropertyNotLoaded", "The property 'changeTrackingMode' is not available.");
          }
          return doc.changeTrackingMode;
        }
        throw new OfficeExtensionError("InvalidArgument", `The fake document has no property '${name}'.`);
      }

      get changeTrackingMode() {
        return this._get("changeTrackingMode");
      }

      set changeTrackingMode(value) {
        this._context._enqueue(() => {
          requires("1.4", "Document.changeTrackingMode");
          doc.changeTrackingMode = value;
        });
      }

      getParagraphByUniqueLocalId(id) {
        return new ParagraphProxy(this._context, () => {
          requires("1.6", "Document.getParagraphByUniqueLocalId");
          const paragraph = doc.paragraphs.find((candidate) => candidate.id === id);
          if (!paragraph) throw new OfficeExtensionError("ItemNotFound", `No paragraph has the id ${id}.`);
          return { paragraph, whole: true };
        });
      }
    }

    // ---- globals ------------------------------------------------------------------------

    const Word = {
      run(batch) {
        return Promise.resolve().then(() => batch(new RequestContext()));
      },
      ChangeTrackingMode: { off: "Off", trackAll: "TrackAll", trackMineOnly: "TrackMineOnly" },
      BuiltInStyleName: { normal: "Normal", heading2: "Heading2", listNumber: "ListNumber", listNumber2: "ListNumber2" },
      InsertLocation: { replace: "Replace", start: "Start", end: "End", before: "Before", after: "After" },
    };

    const settings = {
      get: (name) => (name in doc.settings ? doc.settings[name] : null),
      set: (name, value) => {
        doc.settings[name] = JSON.parse(JSON.stringify(value));
      },
      remove: (name) => {
        delete doc.settings[name];
      },
      saveAsync(callback) {
        doc.savedSettings = JSON.parse(JSON.stringify(doc.settings));
        setTimeout(() => callback && callback({ status: "succeeded" }), 0);
      },
    };

    const Office = {
      HostType: { Word: "Word" },
      context: {
        host: "Word",
        requirements: {
          isSetSupported: (name, version) => name === "WordApi" && versionAtLeast(config.apiVersion, version || "1.1"),
        },
        document: { settings },
      },
      onReady(callback) {
        const info = { host: "Word", platform: "PC" };
        if (callback) setTimeout(() => callback(info), 0);
        return Promise.resolve(info);
      },
    };

    const OfficeExtension = { Error: OfficeExtensionError };
    return { Office, Word, OfficeExtension, doc, config };
  }

  function install(target, options) {
    const fake = createFakeOffice(options);
    target.Office = fake.Office;
    target.Word = fake.Word;
    target.OfficeExtension = fake.OfficeExtension;
    target.__termscoreFake = fake;
    return fake;
  }

  root.TermScoreFakeOffice = { createFakeOffice, install, OfficeExtensionError };
})(globalThis);
