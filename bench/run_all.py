"""Run every speed and memory benchmark and print the tables of docs/benchmarks.md.

    .venv/bin/python bench/run_all.py                 # everything, 7 runs per measure
    .venv/bin/python bench/run_all.py --repeat 3 --skip-batch
    .venv/bin/python bench/run_all.py --profile       # also cProfile one audit

Per file it times the stages of one audit and redline (read, text model, detection,
redline of 20 phrases, write) and the audit end to end. It also times three neighbours:
lxml parsing word/document.xml alone (the floor), python-docx opening and saving the
file, and docx-redline replacing the same 20 phrases. Wall time is reported as median and
min-max; CPU time (``time.process_time``) as median, because other processes on a
shared machine inflate wall time but not CPU time. Peak memory is tracemalloc's peak
for one audit plus redline in this process, and the peak RSS (VmHWM) of a fresh
subprocess that does the same. The batch benchmark runs ``termscore audit --jobs N`` over the CUAD
contracts.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import make_long_contract  # noqa: E402

PHRASES = 20

# Targets on a 2-core machine, in milliseconds and MiB.
TARGET_AUDIT_MS = 300
TARGET_REDLINE_MS = 200
TARGET_MEMORY_MIB = 200
TARGET_FLOOR_MULTIPLE = 5


def corpus_dir() -> Path | None:
    import os

    configured = os.environ.get("TERMSCORE_CORPUS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def benchmark_files(workdir: Path) -> list[Path]:
    """Return the generated 50-page contract and the longest corpus files that exist."""
    generated = workdir / "generated-50-pages.docx"
    generated.write_bytes(make_long_contract.build())
    files = [generated]
    corpus = corpus_dir()
    if corpus is not None:
        for relative in ("redline-fixtures/h_long.docx",
                         "wordfiles/poi-long-268k-chars-numbering-tables.docx",
                         "wordfiles/poi-rtl-long-222k-chars-textboxes.docx",
                         "wordfiles/docx4j-getting-started-toc-fields.docx"):
            path = corpus / relative
            if path.exists():
                files.append(path)
            else:
                print(f"warning: {path} not found; skipped", file=sys.stderr)
    else:
        print("warning: shared corpus not found; only the generated contract is measured",
              file=sys.stderr)
    return files


# -- timing --------------------------------------------------------------------------------

class Timing:
    """Wall and CPU seconds of repeated runs of one measure."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    def summary(self) -> dict:
        wall = sorted(self.wall)
        quartiles = statistics.quantiles(wall, n=4) if len(wall) >= 2 else [wall[0]] * 3
        return {"median_ms": statistics.median(wall) * 1000, "min_ms": wall[0] * 1000,
                "max_ms": wall[-1] * 1000, "iqr_ms": (quartiles[2] - quartiles[0]) * 1000,
                "cpu_median_ms": statistics.median(self.cpu) * 1000, "runs": len(wall)}


def measure(func, setup=None, repeat: int = 7) -> tuple[Timing, object]:
    """Run ``setup()`` untimed, then time ``func(state)``; return the timings and last value."""
    timing = Timing()
    value = None
    for _ in range(repeat):
        state = setup() if setup is not None else None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        value = func(state)
        timing.add(time.perf_counter() - wall, time.process_time() - cpu)
    return timing, value


# -- the 20 phrases --------------------------------------------------------------------------

def choose_phrases(document, count: int = PHRASES) -> list[dict]:
    """Return up to ``count`` findings that each replace a phrase found once in the body.

    The phrases are 4 to 12 words from body paragraphs spread evenly through the
    document, so that our engine and docx-redline replace the same text.
    """
    body = [p for p in document.paragraphs if p.story == "body" and not p.locked]
    whole = "\n".join(p.text for p in body)
    candidates = [p for p in body if len(p.text.split()) >= 8]
    if not candidates:
        return []
    # Visit evenly spaced paragraphs first, then the rest, until enough phrases are found.
    step = max(1, len(candidates) // count)
    order = candidates[::step] + [p for i, p in enumerate(candidates) if i % step]
    findings = []
    for paragraph in order:
        phrase = _unique_phrase(paragraph.text, whole)
        if phrase is None:
            continue
        start = paragraph.text.index(phrase)
        findings.append({
            "id": f"bench:{len(findings)}", "rule": "bench", "kind": "risk",
            "title": "benchmark replacement",
            "location": {"story": "body", "part": paragraph.part, "index": paragraph.index,
                         "start": start, "end": start + len(phrase), "quote": phrase},
            "suggestion": {"action": "replace", "text": f"replaced phrase {len(findings)}"},
        })
        if len(findings) == count:
            break
    return findings


def _unique_phrase(text: str, whole: str) -> str | None:
    words = list(re.finditer(r"\S+", text))
    for length in (4, 8, 12):
        for first in range(0, max(1, len(words) - length + 1)):
            window = words[first:first + length]
            if len(window) < length:
                break
            phrase = text[window[0].start():window[-1].end()]
            if whole.count(phrase) == 1:
                return phrase
    return None


# -- one file --------------------------------------------------------------------------------

def bench_file(path: Path, repeat: int) -> dict:
    from lxml import etree

    from termscore.analysis import audit
    from termscore.document import open_document
    from termscore.limits import DEFAULT_LIMITS
    from termscore.ooxml.package import Package
    from termscore.ooxml.reader import read_package
    from termscore.ooxml.revisions import apply_edits
    from termscore.redline import findings_to_edits, redline_document

    data = path.read_bytes()
    name = path.name
    document_xml = _main_part_bytes(data)
    results: dict = {"file": name, "bytes": len(data)}

    def read(_):
        package = Package.open(data, DEFAULT_LIMITS)
        package.main_part.xml  # noqa: B018 (parses the main part)
        return package

    timing, _ = measure(read, repeat=repeat)
    results["read"] = timing.summary()

    timing, document = measure(lambda package: read_package(package, name=name),
                               setup=lambda: read(None), repeat=repeat)
    results["text model"] = timing.summary()
    results["paragraphs"] = len(document.paragraphs)
    results["words"] = sum(len(p.text.split()) for p in document.paragraphs)

    timing, result = measure(lambda doc: audit(doc).to_dict(),
                             setup=lambda: open_document(data, name=name), repeat=repeat)
    results["detection"] = timing.summary()
    results["findings"] = len(result["findings"])

    phrases = choose_phrases(document)
    results["phrases"] = len(phrases)

    def redline_setup():
        doc = open_document(data, name=name)
        for paragraph in doc.paragraphs:  # build the character maps outside the timing
            if paragraph.source is not None:
                paragraph.source.spans("current")
        return doc

    def redline(doc):
        edits, refused = findings_to_edits(doc, phrases)
        report = apply_edits(doc, edits, author="Bench", date=None, comments=False)
        return doc, len(report.applied), len(refused) + len(report.refused)

    timing, (doc, applied, refused) = measure(redline, setup=redline_setup, repeat=repeat)
    results["redline 20"] = timing.summary()
    results["redline applied"] = applied
    results["redline refused"] = refused

    timing, _ = measure(lambda doc: doc.package.to_bytes(), setup=lambda: redline(
        redline_setup())[0], repeat=repeat)
    results["write"] = timing.summary()

    timing, _ = measure(lambda _: audit(open_document(data, name=name)).to_dict(),
                        repeat=repeat)
    results["audit end to end"] = timing.summary()

    def audit_and_redline(_):
        doc = open_document(data, name=name)
        found = audit(doc).to_dict()["findings"]
        return redline_document(doc, found, author="Bench")

    timing, outcome = measure(audit_and_redline, repeat=repeat)
    results["audit + redline all findings end to end"] = timing.summary()
    results["all findings applied"] = len(outcome.applied)

    timing, _ = measure(lambda _: etree.fromstring(document_xml), repeat=repeat)
    results["floor: lxml parse of word/document.xml"] = timing.summary()

    timing, _ = measure(_python_docx_round_trip(data), repeat=repeat)
    results["python-docx open + save"] = timing.summary()

    timing, replaced = measure(_docx_redline_replace(data, phrases), repeat=repeat)
    results["docx-redline 20 replacements"] = timing.summary()
    results["docx-redline replaced"] = replaced

    return results


def _main_part_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def _python_docx_round_trip(data: bytes):
    import docx

    def run(_):
        out = io.BytesIO()
        docx.Document(io.BytesIO(data)).save(out)
        return out.getvalue()
    return run


def _docx_redline_replace(data: bytes, phrases: list[dict]):
    from docx_redline import Redliner

    def run(_):
        redliner = Redliner(io.BytesIO(data), author="Bench")
        replaced = 0
        for finding in phrases:
            replaced += redliner.replace_text(finding["location"]["quote"],
                                              finding["suggestion"]["text"])
        out = io.BytesIO()
        redliner.document.save(out)
        return replaced
    return run


# -- memory ----------------------------------------------------------------------------------

def memory_of(path: Path) -> dict:
    """Return tracemalloc's peak in this process, and the peak RSS of a fresh subprocess.

    Call it before this process grows: Linux keeps ru_maxrss across fork and exec, so a
    child's ru_maxrss is at least its parent's RSS at the fork. VmHWM in /proc belongs to
    the child's own address space, which exec creates anew, so it is reported too.
    """
    from termscore.analysis import audit
    from termscore.document import open_document
    from termscore.redline import redline_document

    data = path.read_bytes()
    gc.collect()
    tracemalloc.start()
    doc = open_document(data, name=path.name)
    redline_document(doc, audit(doc).to_dict()["findings"], author="Bench")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del doc
    gc.collect()

    child = subprocess.run([sys.executable, str(Path(__file__)), "--child", str(path)],
                           capture_output=True, text=True, timeout=600, check=True)
    rss = json.loads(child.stdout)
    return {"tracemalloc_peak_mib": peak / 2**20, "maxrss_mib": rss["maxrss"],
            "hwm_mib": rss["hwm"], "hwm_after_import_mib": rss["hwm_before"]}


def _vm_hwm_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child_main(path: Path) -> int:
    """Audit and redline one file; print its peak RSS after the imports and at the end."""
    from termscore.analysis import audit
    from termscore.document import open_document
    from termscore.redline import redline_document

    before = _vm_hwm_mib()
    doc = open_document(path.read_bytes(), name=path.name)
    redline_document(doc, audit(doc).to_dict()["findings"], author="Bench")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"hwm_before": before, "hwm": _vm_hwm_mib(), "maxrss": maxrss}))
    return 0


# -- batch -----------------------------------------------------------------------------------

def bench_batch(jobs_list: list[int]) -> list[dict]:
    corpus = corpus_dir()
    folder = corpus / "benchmarks" / "contracts" if corpus else None
    if folder is None or not folder.is_dir():
        print("warning: CUAD contracts not found; batch benchmark skipped", file=sys.stderr)
        return []
    count = len(list(folder.glob("*.txt")))
    termscore = Path(sys.executable).with_name("termscore")
    rows = []
    for jobs in jobs_list:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.json"
            command = [str(termscore), "audit", str(folder), "--jobs", str(jobs),
                       "--format", "json", "-o", str(out)]
            start = time.perf_counter()
            finished = subprocess.run(command, capture_output=True, text=True, timeout=3600)
            seconds = time.perf_counter() - start
            audited = len(json.loads(out.read_text())) if out.exists() else 0
        rows.append({"jobs": jobs, "contracts": count, "audited": audited,
                     "seconds": seconds, "per_second": audited / seconds,
                     "exit": finished.returncode,
                     "command": "termscore audit <corpus>/benchmarks/contracts "
                                f"--jobs {jobs} --format json -o out.json"})
    return rows


# -- report ----------------------------------------------------------------------------------

STAGES = ["read", "text model", "detection", "redline 20", "write", "audit end to end",
          "audit + redline all findings end to end"]
NEIGHBOURS = ["floor: lxml parse of word/document.xml", "python-docx open + save",
              "docx-redline 20 replacements"]


def _row(label: str, summary: dict) -> str:
    return (f"| {label} | {summary['median_ms']:.1f} | {summary['min_ms']:.1f}-"
            f"{summary['max_ms']:.1f} | {summary['iqr_ms']:.1f} | "
            f"{summary['cpu_median_ms']:.1f} |")


def render(files: list[dict], batch: list[dict], info: dict, repeat: int) -> str:
    lines = [f"Machine: {machine.one_line(info)}", f"Runs per measure: {repeat}", ""]
    for result in files:
        floor = result["floor: lxml parse of word/document.xml"]["median_ms"]
        audit_ms = result["audit end to end"]["median_ms"]
        audit_cpu = result["audit end to end"]["cpu_median_ms"]
        lines += [f"### {result['file']}", "",
                  f"{result['bytes']:,} bytes, {result['paragraphs']:,} paragraphs, "
                  f"{result['words']:,} words, {result['findings']} findings; "
                  f"redline: {result['redline applied']} of {result['phrases']} phrases "
                  f"applied; docx-redline replaced {result['docx-redline replaced']}; "
                  f"all findings redline applied {result['all findings applied']}.", "",
                  "| measure | median ms | min-max ms | IQR ms | CPU median ms |",
                  "|---|---:|---:|---:|---:|"]
        lines += [_row(stage, result[stage]) for stage in STAGES]
        lines += [_row(stage, result[stage]) for stage in NEIGHBOURS]
        memory = result["memory"]
        lines += ["", f"Audit end to end = {audit_ms / floor:.1f} x the floor by wall time "
                      f"({audit_cpu / result['floor: lxml parse of word/document.xml']['cpu_median_ms']:.1f} x by CPU time); "
                      f"python-docx open + save = "
                      f"{result['python-docx open + save']['median_ms'] / floor:.1f} x; "
                      f"docx-redline = "
                      f"{result['docx-redline 20 replacements']['median_ms'] / floor:.1f} x; "
                      f"our redline of 20 = {result['redline 20']['median_ms'] / floor:.1f} x.",
                  f"Memory: tracemalloc peak {memory['tracemalloc_peak_mib']:.1f} MiB; "
                  f"subprocess peak RSS (VmHWM) {memory['hwm_mib']:.1f} MiB "
                  f"({memory['hwm_after_import_mib']:.1f} MiB after imports), "
                  f"ru_maxrss {memory['maxrss_mib']:.1f} MiB.", ""]
    if batch:
        lines += ["### Batch: CUAD dev contracts", "",
                  "| jobs | contracts | seconds | contracts per second | exit status |",
                  "|---:|---:|---:|---:|---:|"]
        lines += [f"| {row['jobs']} | {row['audited']} of {row['contracts']} | "
                  f"{row['seconds']:.1f} | {row['per_second']:.2f} | {row['exit']} |"
                  for row in batch]
        lines.append("")
    lines += targets(files)
    return "\n".join(lines)


def render_memory(memories: dict, info: dict) -> str:
    lines = [f"Machine: {machine.one_line(info)}", "",
             "| file | tracemalloc peak MiB | peak RSS (VmHWM) MiB | after imports MiB | "
             f"under {TARGET_MEMORY_MIB} MiB |", "|---|---:|---:|---:|---|"]
    for path, memory in memories.items():
        lines.append(f"| {path.name} | {memory['tracemalloc_peak_mib']:.1f} | "
                     f"{memory['hwm_mib']:.1f} | {memory['hwm_after_import_mib']:.1f} | "
                     f"{'yes' if memory['hwm_mib'] <= TARGET_MEMORY_MIB else 'no'} |")
    return "\n".join(lines)


def targets(files: list[dict]) -> list[str]:
    lines = ["### Targets", "", "| file | measure | target | median wall | median CPU | met (CPU) |",
             "|---|---|---:|---:|---:|---|"]
    for result in files:
        checks = [("audit end to end", TARGET_AUDIT_MS), ("redline 20", TARGET_REDLINE_MS)]
        for stage, target in checks:
            summary = result[stage]
            lines.append(f"| {result['file']} | {stage} | {target} ms | "
                         f"{summary['median_ms']:.0f} ms | {summary['cpu_median_ms']:.0f} ms | "
                         f"{'yes' if summary['cpu_median_ms'] <= target else 'no'} |")
        floor = result["floor: lxml parse of word/document.xml"]["cpu_median_ms"]
        multiple = result["audit end to end"]["cpu_median_ms"] / floor
        lines.append(f"| {result['file']} | audit / floor | {TARGET_FLOOR_MULTIPLE} x | "
                     f"{result['audit end to end']['median_ms'] / result['floor: lxml parse of word/document.xml']['median_ms']:.1f} x | "
                     f"{multiple:.1f} x | {'yes' if multiple <= TARGET_FLOOR_MULTIPLE else 'no'} |")
        peak = result["memory"]["hwm_mib"]
        lines.append(f"| {result['file']} | peak memory (VmHWM) | {TARGET_MEMORY_MIB} MiB | "
                     f"{peak:.0f} MiB | | {'yes' if peak <= TARGET_MEMORY_MIB else 'no'} |")
    return lines


def profile(path: Path, top: int = 25) -> str:
    """Return cProfile's top functions by own time for one audit end to end of ``path``."""
    from termscore.analysis import audit
    from termscore.document import open_document

    data = path.read_bytes()
    audit(open_document(data, name=path.name))  # warm the clause library and caches
    profiler = cProfile.Profile()
    profiler.enable()
    audit(open_document(data, name=path.name)).to_dict()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measure (default 7)")
    parser.add_argument("--jobs", default="1,2",
                        help="comma-separated --jobs values for the batch run (default 1,2)")
    parser.add_argument("--skip-batch", action="store_true", help="skip the CUAD batch run")
    parser.add_argument("--only", help="measure only files whose name contains this text")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile's top functions for the generated contract")
    parser.add_argument("--memory-only", action="store_true",
                        help="measure only the peak memory of each file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child)

    info = machine.describe()
    with tempfile.TemporaryDirectory() as tmp:
        files = benchmark_files(Path(tmp))
        if args.only:
            files = [f for f in files if args.only in f.name]
        # Memory first, while this process is small (see memory_of).
        memories = {path: memory_of(path) for path in files}
        if args.memory_only:
            print(render_memory(memories, info))
            return 0
        results = []
        for path in files:
            print(f"measuring {path.name} ...", file=sys.stderr)
            results.append(bench_file(path, args.repeat) | {"memory": memories[path]})
        profile_text = profile(files[0]) if args.profile and files else ""
    batch = [] if args.skip_batch else bench_batch([int(j) for j in args.jobs.split(",")])
    info["load_average_end"] = machine.load_average()
    print(render(results, batch, info, args.repeat))
    print(f"\nLoad average at the end: {info['load_average_end']}")
    if profile_text:
        print("\n### cProfile of one audit of the generated contract\n")
        print(profile_text)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "files": results, "batch": batch},
                                        indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
