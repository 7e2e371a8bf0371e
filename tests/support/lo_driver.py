"""Serve LibreOffice Writer over JSON lines: one headless soffice, many requests.

Run by the system interpreter that imports ``uno`` (Debian's ``/usr/bin/python3`` with
``python3-uno``), not by the test virtual environment. The test client in
``libreoffice.py`` starts this script once per test session.

Protocol: one JSON object per line on stdin, one JSON object per line on stdout, in order.

    {"op": "text", "path": P, "mode": "current"|"original"}
        -> {"ok": true, "result": {"paragraphs": [{"text": T, "label": L, "in_table": B}],
                                   "redlines_left": B, "recomputed_fields": N}}
        Body paragraphs in order, table cells included, without footnote numbers; the
        results of fields LibreOffice recomputes (DATE, PAGE, DOCPROPERTY, ...) are
        enclosed in U+E000 and U+E001.
    {"op": "redlines", "path": P}
        -> {"ok": true, "result": {"count": N, "redlines": [{"type", "author", "date"}]}}
    {"op": "convert", "path": P, "to": "pdf"|"png"|"docx", "out": Q}
        -> {"ok": true, "result": {"out": Q, "bytes": N}}
    {"op": "open_ok", "path": P}
        -> {"ok": true, "result": {"open": B, "error": E}}
    {"op": "ping"} -> {"ok": true, "result": {"pid": soffice pid, "restarts": N}}
    {"op": "quit"} -> stops soffice and exits (end of input does the same)

A failed request returns {"ok": false, "error": message, "crashed": B}; when soffice died
or timed out, it is restarted before the next request. An "id" in a request is echoed.
The input file is copied into a private folder before loading, so LibreOffice never
writes a lock file or anything else next to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from pathlib import Path

import uno  # noqa: E402  (only the system interpreter has it)
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.beans import UnknownPropertyException  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.container import NoSuchElementException  # type: ignore[import-not-found]

CONNECT_TIMEOUT = 60.0
CRASH_SETTLE_SECONDS = 0.5
EXPORT_FILTERS = {
    "pdf": "writer_pdf_Export",
    "png": "writer_png_Export",  # exports the first page only
    "docx": "MS Word 2007 XML",
}
DISPATCH_COMMANDS = {
    "current": ".uno:AcceptAllTrackedChanges",
    "original": ".uno:RejectAllTrackedChanges",
}


def log(message: str) -> None:
    print(f"lo_driver: {message}", file=sys.stderr, flush=True)


def props(**values) -> tuple:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


class Office:
    """One soffice process with a private profile, reached through a named pipe."""

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.workdir = Path(tempfile.mkdtemp(prefix="termscore-lo-"))
        self.process: subprocess.Popen | None = None
        self.desktop = None
        self.context = None
        self.restarts = 0
        self._pipe_name = ""

    def start(self) -> None:
        profile = self.workdir / "profile"
        # A new pipe name for every start, because a killed soffice can leave its pipe
        # behind, and a new soffice that cannot bind the old name exits at once.
        self._pipe_name = f"termscore_lo_{os.getpid()}_{self.restarts}_{time.monotonic_ns()}"
        command = [
            self.soffice,
            "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
            "--nolockcheck", "--nofirststartwizard",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={self._pipe_name};urp;StarOffice.ComponentContext",
        ]
        # A new session makes soffice.bin (a child of the oosplash launcher) share one
        # process group whose id is the pid we started, so stop() can end both.
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self._pipe_name};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"soffice exited with status {self.process.returncode} before accepting "
                    "a connection")
            try:
                self.context = resolver.resolve(url)
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"soffice did not accept a connection within {CONNECT_TIMEOUT:.0f} s")
                time.sleep(0.2)
        self.desktop = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.context)
        log(f"soffice started, pid {self.process.pid}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        """Tell whether soffice runs and still responds over the bridge."""
        if not self.alive():
            return False
        try:
            self.desktop.getFrames().getCount()
        except Exception:  # a disposed bridge raises DisposedException or RuntimeException
            return False
        return True

    def stop(self) -> None:
        if self.process is None:
            return
        pid = self.process.pid
        if self.desktop is not None and self.alive():
            try:
                self.desktop.terminate()
            except Exception:  # the bridge drops as soffice exits; nothing to report
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # The launcher may be gone while soffice.bin lives on, so signal the group.
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log(f"soffice pid {pid} did not exit after SIGKILL")
        self.process = None
        self.desktop = None
        self.context = None
        log(f"soffice pid {pid} stopped")

    def restart(self) -> None:
        """Stop soffice and start a new one, trying twice before giving up."""
        self.stop()
        self.restarts += 1
        try:
            self.start()
        except RuntimeError as error:
            log(f"restart failed ({error}); trying once more")
            self.stop()
            self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # Documents

    def load(self, path: str):
        """Load a private copy of ``path`` in a hidden frame; return (document, folder)."""
        source = Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"file not found: {path}")
        inbox = Path(tempfile.mkdtemp(prefix="in-", dir=self.workdir))
        copy = inbox / source.name
        shutil.copyfile(source, copy)
        try:
            if has_comments(copy):
                copy = self.without_comments(copy)
            document = self.desktop.loadComponentFromURL(
                copy.as_uri(), "_blank", 0,
                props(Hidden=True, ReadOnly=False, UpdateDocMode=0, MacroExecutionMode=0,
                      Silent=True))
        except Exception:
            shutil.rmtree(inbox, ignore_errors=True)
            raise
        if document is None:
            shutil.rmtree(inbox, ignore_errors=True)
            raise ValueError(f"LibreOffice could not load {path}")
        return document, inbox

    def without_comments(self, copy: Path) -> Path:
        """Return an ODF copy of ``copy`` with its comments removed.

        Debian's libreoffice-writer-nogui (7.4) ships no Writer .ui files, and a view of a
        document with comments aborts soffice when it builds the comment margin. So a
        document with comments is loaded without a view, its comment fields are removed
        (they hold no body text), and the result is saved as ODF for the real load.
        """
        manager = self.context.ServiceManager
        detection = manager.createInstanceWithContext(
            "com.sun.star.document.TypeDetection", self.context)
        type_name = detection.queryTypeByURL(copy.as_uri())
        if not type_name:
            raise ValueError(f"LibreOffice does not recognise the type of {copy.name}")
        type_info = {prop.Name: prop.Value for prop in detection.getByName(type_name)}
        document = manager.createInstanceWithContext("com.sun.star.text.TextDocument",
                                                     self.context)
        document.load(props(URL=copy.as_uri(), FilterName=type_info["PreferredFilter"]))
        try:
            annotations = []
            fields = document.getTextFields().createEnumeration()
            while fields.hasMoreElements():
                text_field = fields.nextElement()
                if text_field.supportsService("com.sun.star.text.TextField.Annotation"):
                    annotations.append(text_field)
            for annotation in annotations:
                annotation.dispose()
            target = copy.with_suffix(".odt")
            document.storeToURL(target.as_uri(), props(FilterName="writer8"))
        finally:
            document.close(True)
        return target

    def dispatch(self, document, command: str) -> None:
        helper = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.context)
        frame = document.getCurrentController().getFrame()
        helper.executeDispatch(frame, command, "", 0, ())


def has_comments(path: Path) -> bool:
    """Tell whether a package (zip or Flat OPC) has a comments part."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            return any(name.lower().endswith("comments.xml") for name in package.namelist())
    return b"wordprocessingml.comments+xml" in path.read_bytes()


def close_document(document, inbox: Path) -> None:
    try:
        document.close(True)
    except Exception:  # already disposed by a crash; the restart cleans up
        pass
    shutil.rmtree(inbox, ignore_errors=True)


def read_paragraphs(text, in_table: bool, out: list) -> None:
    """Append each paragraph of an XText in document order, descending into tables.

    Every call crosses the URP bridge, which dominates the time on long documents, so
    the loop makes as few calls per paragraph as it can: the implementation name tells
    paragraphs from tables, and the end of the enumeration is its exception.
    """
    enumeration = text.createEnumeration()
    while True:
        try:
            element = enumeration.nextElement()
        except NoSuchElementException:
            break
        kind = element.getImplementationName()
        if kind == "SwXParagraph":
            try:
                label = element.getPropertyValue("ListLabelString") or ""
            except UnknownPropertyException:
                label = ""
            out.append({"text": element.getString(), "label": label, "in_table": in_table})
        elif kind == "SwXTextTable":
            # getCellNames lists cells row by row, merged cells once, as Word's
            # body.paragraphs walks them.
            for name in element.getCellNames():
                read_paragraphs(element.getCellByName(name), True, out)


# Fields whose result LibreOffice computes again on load instead of keeping the result
# stored in the file: dates, page numbers, document properties and statistics.
RECOMPUTED_FIELD_SERVICES = tuple(f"com.sun.star.text.TextField.{name}" for name in (
    "DateTime", "PageNumber", "PageCount", "FileName", "Author", "ExtendedUser",
    "TemplateName", "WordCount", "CharacterCount", "ParagraphCount", "Chapter",
    "DocInfo.Custom", "DocInfo.Title", "DocInfo.Subject", "DocInfo.Description",
    "DocInfo.KeyWords", "DocInfo.CreateAuthor", "DocInfo.CreateDateTime",
    "DocInfo.ChangeAuthor", "DocInfo.ChangeDateTime", "DocInfo.PrintAuthor",
    "DocInfo.PrintDateTime", "DocInfo.Revision", "DocInfo.EditTime",
))


def remove_note_anchors(document) -> None:
    """Delete footnotes and endnotes, so that their numbers leave the body text.

    getString returns a note's number ("1", "i") where its anchor sits, while Word's
    paragraph text, and ours, has no character for a w:footnoteReference. A custom
    mark (w:customMarkFollows) is different: Word stores it as ordinary run text after
    the reference, and LibreOffice keeps it as the note's Label, so it is put back.
    """
    for notes in (document.getFootnotes(), document.getEndnotes()):
        for index in reversed(range(notes.getCount())):
            note = notes.getByIndex(index)
            label = note.getLabel()
            if label:
                anchor = note.getAnchor()
                anchor.getText().insertString(anchor.getEnd(), label, False)
            note.dispose()


# Private-use characters put around a recomputed field's result in the text we return,
# so that the comparison can accept whatever result the file stored there.
FIELD_START, FIELD_END = "\ue000", "\ue001"


def mark_recomputed_fields(document) -> int:
    """Enclose each recomputed field result in FIELD_START and FIELD_END; return the count."""
    recomputed = []
    fields = document.getTextFields().createEnumeration()
    while fields.hasMoreElements():
        text_field = fields.nextElement()
        if any(text_field.supportsService(name) for name in RECOMPUTED_FIELD_SERVICES):
            recomputed.append(text_field)
    for text_field in recomputed:
        anchor = text_field.getAnchor()
        text = anchor.getText()
        text.insertString(anchor.getEnd(), FIELD_END, False)
        text.insertString(anchor.getStart(), FIELD_START, False)
    return len(recomputed)


def op_text(office: Office, request: dict) -> dict:
    mode = request.get("mode", "current")
    if mode not in DISPATCH_COMMANDS:
        raise ValueError(f"unknown mode {mode!r}; use 'current' or 'original'")
    document, inbox = office.load(request["path"])
    try:
        document.setPropertyValue("RecordChanges", False)
        office.dispatch(document, DISPATCH_COMMANDS[mode])
        remaining = document.getRedlines().createEnumeration().hasMoreElements()
        remove_note_anchors(document)
        recomputed = mark_recomputed_fields(document)
        paragraphs: list = []
        read_paragraphs(document.getText(), False, paragraphs)
        return {"paragraphs": paragraphs, "redlines_left": bool(remaining),
                "recomputed_fields": recomputed}
    finally:
        close_document(document, inbox)


def op_redlines(office: Office, request: dict) -> dict:
    document, inbox = office.load(request["path"])
    try:
        redlines = []
        enumeration = document.getRedlines().createEnumeration()
        while enumeration.hasMoreElements():
            redline = enumeration.nextElement()
            stamp = redline.getPropertyValue("RedlineDateTime")
            date = (f"{stamp.Year:04d}-{stamp.Month:02d}-{stamp.Day:02d}T"
                    f"{stamp.Hours:02d}:{stamp.Minutes:02d}:{stamp.Seconds:02d}")
            redlines.append({
                "type": redline.getPropertyValue("RedlineType"),
                "author": redline.getPropertyValue("RedlineAuthor"),
                "date": date,
            })
        return {"count": len(redlines), "redlines": redlines}
    finally:
        close_document(document, inbox)


def op_convert(office: Office, request: dict) -> dict:
    target = request.get("to")
    if target not in EXPORT_FILTERS:
        raise ValueError(f"unknown target format {target!r}; use one of {sorted(EXPORT_FILTERS)}")
    out = Path(request["out"]).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    document, inbox = office.load(request["path"])
    try:
        document.storeToURL(out.as_uri(), props(FilterName=EXPORT_FILTERS[target], Overwrite=True))
    finally:
        close_document(document, inbox)
    return {"out": str(out), "bytes": out.stat().st_size}


def op_open_ok(office: Office, request: dict) -> dict:
    try:
        document, inbox = office.load(request["path"])
    except FileNotFoundError:
        raise
    except Exception as exc:  # a load failure is the result here, not an error
        if not office.healthy():
            raise
        return {"open": False, "error": f"{type(exc).__name__}: {exc}"}
    close_document(document, inbox)
    return {"open": True, "error": None}


def op_ping(office: Office, request: dict) -> dict:
    return {"pid": office.process.pid if office.process else None, "restarts": office.restarts}


OPERATIONS = {
    "text": op_text, "redlines": op_redlines, "convert": op_convert,
    "open_ok": op_open_ok, "ping": op_ping,
}


def run_with_timeout(office: Office, request: dict, timeout: float) -> dict:
    """Run one request in a worker thread; restart soffice when it hangs or dies."""
    operation = OPERATIONS.get(request.get("op"))
    if operation is None:
        return {"ok": False, "crashed": False,
                "error": f"unknown op {request.get('op')!r}; use one of {sorted(OPERATIONS)}"}
    if request.get("op") != "ping" and not isinstance(request.get("path"), str):
        return {"ok": False, "crashed": False, "error": "missing 'path' (a string)"}

    answer: dict = {}

    def work() -> None:
        try:
            answer["result"] = operation(office, request)
        except Exception as exc:
            answer["error"] = f"{type(exc).__name__}: {exc}"
            answer["trace"] = traceback.format_exc(limit=3)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        log(f"request timed out after {timeout:.0f} s; restarting soffice")
        office.restart()
        return {"ok": False, "crashed": True,
                "error": f"timed out after {timeout:.0f} s; soffice was restarted"}
    if "result" in answer:
        return {"ok": True, "result": answer["result"]}
    # A dying soffice may first fail a call in an ordinary way (loadComponentFromURL
    # returns None) and only then drop the bridge, so give it a moment before the check.
    time.sleep(CRASH_SETTLE_SECONDS)
    if not office.healthy():
        log("soffice died during a request; restarting it")
        office.restart()
        return {"ok": False, "crashed": True,
                "error": f"soffice crashed ({answer.get('error')}); it was restarted"}
    return {"ok": False, "crashed": False, "error": answer.get("error", "unknown failure")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice",
                        help="path of the soffice launcher (default: soffice on PATH)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds one request may take before soffice is restarted")
    options = parser.parse_args()

    office = Office(options.soffice)
    # SIGTERM from the client must still stop soffice, so turn it into a normal exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        office.start()
        print(json.dumps({"ready": True, "pid": office.process.pid}), flush=True)
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                request = json.loads(line)
            except json.JSONDecodeError as exc:
                print(json.dumps({"ok": False, "crashed": False,
                                  "error": f"invalid JSON request: {exc}"}), flush=True)
                continue
            if request.get("op") == "quit":
                break
            if not office.healthy():
                office.restart()
            response = run_with_timeout(office, request, float(request.get("timeout")
                                                               or options.timeout))
            if "id" in request:
                response["id"] = request["id"]
            print(json.dumps(response), flush=True)
    except Exception as exc:
        print(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
        return 1
    finally:
        office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
