"""Run one command over several files or folders: progress bar, parallel jobs, and
keep going past a bad file, reporting every failure at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EmptyDocumentError, InvalidRequestError, TermScoreError

SUPPORTED_SUFFIXES = (".docx", ".docm", ".dotx", ".xml", ".txt", ".md", ".markdown", ".text")


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Return the files named, with folders replaced by their supported files (recursive, sorted).

    Files in a folder whose suffix is not supported are left out, and one note on stderr
    names them. A named file that does not exist or is empty raises. Hidden files and Word's lock files (``~$name.docx``) are left out silently.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "":
            raise InvalidRequestError("no file given; pass the path of a contract file or folder")
        if path.is_dir():
            found: list[Path] = []
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                if candidate.name.startswith(("~$", ".")):
                    continue
                if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(candidate)
                else:
                    skipped.append(candidate)
            if not found:
                raise InvalidRequestError(
                    f"folder {path} contains no .docx, .xml, .txt or .md files"
                )
            files.extend(found)
        elif path.exists():
            # A named file that is empty stops the run, like a missing one. An empty
            # file inside a folder fails alone, and the batch goes on.
            if path.is_file() and path.stat().st_size == 0:
                raise EmptyDocumentError(f"{path} is empty (0 bytes); choose the contract "
                                         "file again")
            files.append(path)
        else:
            raise InvalidRequestError(f"file not found: {path}")
    if skipped:
        print(skipped_note(skipped), file=sys.stderr)
    return files


def skipped_note(skipped: list[Path], limit: int = 10) -> str:
    """Return the note that lists files left out of a folder for their type."""
    names = ", ".join(path.name for path in skipped[:limit])
    if len(skipped) > limit:
        names += f" and {len(skipped) - limit} more"
    count = f"{len(skipped)} file{'s' if len(skipped) != 1 else ''}"
    return f"note: skipped {count} with unsupported types: {names}"


def format_warning(path: str | Path, code: str, message: str) -> str:
    """Return one stderr line for a document warning, prefixed with the file it belongs to."""
    return f"warning: {path}: {code}: {message}"


@dataclass(frozen=True)
class Failure:
    """A file the command could not process: the error's code and message."""

    path: Path
    code: str
    message: str

    def describe(self) -> str:
        """Return ``path: message``, naming the file once when the message starts with it."""
        for name in (str(self.path), self.path.name):
            if self.message.startswith(name + " "):
                return f"{self.path}{self.message[len(name):]}"
        return f"{self.path}: {self.message}"

    def to_dict(self) -> dict:
        """Return the JSON entry that replaces the file's result in batch output."""
        return {"document": {"name": self.path.name, "path": str(self.path)},
                "error": {"code": self.code, "message": self.message}}


@dataclass
class BatchOutcome:
    """Per-file results and failures, each in input order."""

    results: list[tuple[Path, object]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    order: list[Path] = field(default_factory=list)

    def in_input_order(self) -> list[tuple[Path, object | Failure]]:
        """Return every file with its result or its ``Failure``, in input order."""
        by_path: dict[Path, object] = dict(self.results)
        by_path.update((failure.path, failure) for failure in self.failures)
        return [(path, by_path[path]) for path in self.order if path in by_path]


def _call(func: Callable[[Path], object], path: Path):
    try:
        return True, func(path)
    except TermScoreError as exc:
        return False, (exc.code, exc.message)


def run_batch(files: list[Path], func: Callable[[Path], object], *, jobs: int = 1,
              progress: bool | None = None, label: str = "Processing") -> BatchOutcome:
    """Apply ``func`` to every file; a ``TermScoreError`` marks that file failed and the run goes on.

    ``func`` must be a module-level function when ``jobs`` > 1 (it is pickled to worker
    processes). The progress bar goes to stderr and shows only for more than one file
    on a terminal, unless ``progress`` forces it on or off.
    """
    if jobs < 1:
        raise InvalidRequestError(f"--jobs must be 1 or more, not {jobs}")
    show = progress if progress is not None else (len(files) > 1 and sys.stderr.isatty())
    outcome = BatchOutcome()
    bar = None
    if show:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task(label, total=len(files))
    try:
        if jobs == 1 or len(files) == 1:
            pairs = ((path, _call(func, path)) for path in files)
        else:
            pool = ProcessPoolExecutor(max_workers=jobs)
            futures = [(path, pool.submit(_call, func, path)) for path in files]
            pairs = ((path, future.result()) for path, future in futures)
        for path, (ok, value) in pairs:
            outcome.order.append(path)
            if ok:
                outcome.results.append((path, value))
            else:
                code, message = value
                outcome.failures.append(Failure(path, code, message))
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
        if jobs > 1 and len(files) > 1:
            pool.shutdown()
    return outcome


def report_failures(outcome: BatchOutcome, command: str) -> None:
    """Print one line per failed file to stderr, after the results, and a count for a batch."""
    for failure in outcome.failures:
        print(f"termscore {command}: {failure.describe()}", file=sys.stderr)
    total = len(outcome.failures) + len(outcome.results)
    if outcome.failures and total > 1:
        print(f"termscore {command}: {len(outcome.failures)} of {total} files failed",
              file=sys.stderr)
