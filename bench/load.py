"""Load and fault test of the real service under gunicorn, on 127.0.0.1 only.

    .venv/bin/python bench/load.py                      # 600 + 3000 requests, concurrency 16
    .venv/bin/python bench/load.py --requests 300 --concurrency 8

It starts ``gunicorn --workers 2 'termscore.server:create_app()'`` on a free loopback
port and sends a fixed mix of requests: real contracts (.docx, text and Markdown) to
``/api/audit`` and ``/api/redline``, Flat OPC bodies, health and clause-list requests,
and every bad input of the bug-case folder with the status its README documents. It
reports throughput and latency percentiles, and checks that no response is a 5xx,
that every input got its expected status, and that the workers' resident memory after
the run is within 20% of the level after a warm-up. A second phase measures the
latency of small requests while huge or slow ones are in flight.

The run is bounded by ``--requests`` and ``--max-seconds``. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HOST = "127.0.0.1"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Expected status of each bad input: the bug-case README's documented behaviour.
BAD_INPUTS = {
    "BR-27.bin": {422},          # password-protected (encrypted CFB)
    "BR-28.bin": {415},          # legacy .doc renamed .docx
    "BR-29.docx": {413},         # zip bomb
    "BR-30.docx": set(range(400, 500)),  # DTD with entities
    "BR-25.docx": {200} | set(range(400, 500)),  # ISO Strict: read, or a clear 4xx
}

# Files whose audit takes seconds even on an idle machine. They go to the second phase
# (slow requests in flight), not into the throughput mix.
SLOW_FILES = {"cuad-ceres-collaboration-long.txt"}


def corpus_dir() -> Path | None:
    configured = os.environ.get("TERMSCORE_CORPUS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


# -- requests ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Probe:
    """One request of the mix and the statuses it may get."""

    label: str
    method: str
    path: str
    body: bytes = b""
    content_type: str | None = None
    expected: frozenset = frozenset({200})


@dataclass
class Outcome:
    label: str
    status: int
    seconds: float
    expected: bool
    error: str | None = None


def _content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return DOCX
    if suffix == ".xml":
        return "application/xml"
    if suffix == ".md":
        return "text/markdown"
    return "text/plain"


def build_probes(corpus: Path, *, small_only: bool = False) -> list[Probe]:
    """Return the request mix: real contracts, Flat OPC, bad inputs, health and clauses.

    With ``small_only`` only inputs under 60 KB are used, for the test suite's short run.
    """
    probes: list[Probe] = []
    for path in sorted((corpus / "contracts").iterdir()):
        if path.name in SLOW_FILES or (small_only and path.stat().st_size > 60_000):
            continue
        data = path.read_bytes()
        query = f"?name={path.name}"
        probes.append(Probe(f"audit {path.name}", "POST", "/api/audit" + query, data,
                            _content_type(path)))
        if path.suffix == ".docx":
            probes.append(Probe(f"redline {path.name}", "POST", "/api/redline" + query, data,
                                _content_type(path)))
    for path in (corpus / "redline-fixtures" / "j_flat_opc_body.xml",
                 corpus / "bugcases" / "BR-21.xml"):
        if path.exists():
            data = path.read_bytes()
            probes.append(Probe(f"audit {path.name}", "POST", "/api/audit", data,
                                "application/xml"))
            probes.append(Probe(f"redline {path.name}", "POST", "/api/redline", data,
                                "application/xml"))
            ooxml = json.dumps({"ooxml": data.decode("utf-8")}).encode()
            probes.append(Probe(f"audit json {path.name}", "POST", "/api/audit", ooxml,
                                "application/json"))
    for path in sorted((corpus / "bugcases").iterdir()):
        if path.suffix not in (".docx", ".bin", ".xml"):
            continue
        expected = BAD_INPUTS.get(path.name, {200})
        probes.append(Probe(f"audit {path.name}", "POST", "/api/audit", path.read_bytes(),
                            "application/octet-stream", frozenset(expected)))
    probes.append(Probe("health", "GET", "/api/health"))
    probes.append(Probe("clauses", "GET", "/api/clauses"))
    # An empty body is an invalid request (400) or an empty document (422).
    probes.append(Probe("empty body", "POST", "/api/audit", b"", DOCX, frozenset({400, 422})))
    probes.append(Probe("wrong type", "POST", "/api/audit", b"%PDF-1.4", "application/pdf",
                        frozenset({415})))
    return probes


def send(port: int, probe: Probe, timeout: float = 120.0) -> Outcome:
    """Send one probe on a new connection and return its status and latency."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Content-Type": probe.content_type} if probe.content_type else {}
    status, error = 0, None
    try:
        try:
            connection.request(probe.method, probe.path, body=probe.body or None,
                               headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            # A server may answer 413 and close before a large body is sent in full; its
            # answer is still in the socket's receive buffer.
            pass
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    seconds = time.perf_counter() - start
    return Outcome(probe.label, status, seconds, status in probe.expected, error)


# -- the server --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn master serving the app on a free loopback port; stop() ends it."""

    def __init__(self, workers: int = 2, threads: int = 4, env: dict | None = None):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "--workers", str(workers), "--threads", str(threads),
                   "--bind", f"{HOST}:{self.port}", "--timeout", "120",
                   "--graceful-timeout", "5", "termscore.server:create_app()"]
        environment = dict(os.environ)
        environment.update(env or {})
        self.log = open(os.devnull, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, cwd=str(REPO), env=environment,
                                        stdout=self.log, stderr=subprocess.PIPE)
        self.stderr_lines: list[bytes] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.wait_ready()

    def _drain(self) -> None:
        for line in self.process.stderr:
            if len(self.stderr_lines) < 5000:
                self.stderr_lines.append(line)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited with status "
                                   f"{self.process.returncode}: {self.stderr_text()[-2000:]}")
            outcome = send(self.port, Probe("health", "GET", "/api/health"), timeout=5)
            if outcome.status == 200 and len(self.worker_pids()) > 0:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not respond to /api/health within {timeout:g} s")

    def stderr_text(self) -> str:
        return b"".join(self.stderr_lines).decode("utf-8", "replace")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def worker_rss_mib(self) -> float:
        """Sum of the workers' VmRSS from /proc, in MiB."""
        total = 0
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def idle_rss_mib(self, settle_seconds: float = 2.0) -> float:
        """Sum of the workers' VmRSS after ``settle_seconds`` without requests, in MiB.

        A worker frees finished documents and returns the heap to the system on a
        background thread at most once a second, so this release can come up to about
        1.1 s after the last large request ends.
        """
        time.sleep(settle_seconds)
        return self.worker_rss_mib()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


# -- phases ------------------------------------------------------------------------------------

@dataclass
class RunResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    samples: list[tuple[float, float]] = field(default_factory=list)

    def latencies(self) -> list[float]:
        return sorted(o.seconds for o in self.outcomes)

    def percentile(self, fraction: float) -> float:
        values = self.latencies()
        if not values:
            return 0.0
        return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]

    def server_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status >= 500 or o.status == 0]

    def unexpected(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.expected]


def run_mix(port: int, probes: list[Probe], *, requests: int, concurrency: int,
            max_seconds: float, seed: int = 1, sample=None) -> RunResult:
    """Send ``requests`` probes drawn from ``probes`` at ``concurrency``, within a time bound."""
    rng = random.Random(seed)
    # Every probe at least once, then random draws, so each bad input is always tested.
    order = list(probes) + [rng.choice(probes) for _ in range(max(0, requests - len(probes)))]
    rng.shuffle(order)
    deadline = time.monotonic() + max_seconds
    result = RunResult()
    lock = threading.Lock()

    def work(probe: Probe) -> None:
        if time.monotonic() > deadline:
            return
        outcome = send(port, probe)
        with lock:
            result.outcomes.append(outcome)

    def sampler(stop: threading.Event) -> None:
        while not stop.wait(2.0):
            result.samples.append((time.perf_counter() - start, sample()))

    start = time.perf_counter()
    stop = threading.Event()
    if sample is not None:
        threading.Thread(target=sampler, args=(stop,), daemon=True).start()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(work, order))
    stop.set()
    result.seconds = time.perf_counter() - start
    return result


def huge_body(limit_bytes: int) -> bytes:
    """A body 1 MiB over the request cap: a zip signature followed by zeros."""
    return b"PK\x03\x04" + bytes(limit_bytes + 2**20)


def isolation(port: int, small: Probe, heavy: list[Probe], *, samples: int = 20) -> dict:
    """Measure ``small``'s latency alone, then while every ``heavy`` probe is in flight."""
    alone = [send(port, small).seconds for _ in range(samples)]
    heavy_outcomes: list[Outcome] = []
    threads = [threading.Thread(target=lambda p=p: heavy_outcomes.append(send(port, p)))
               for p in heavy]
    for thread in threads:
        thread.start()
    time.sleep(0.2)  # let the heavy requests reach the workers
    during = []
    while any(thread.is_alive() for thread in threads) and len(during) < samples * 5:
        during.append(send(port, small).seconds)
    for thread in threads:
        thread.join()
    return {"alone_median_ms": statistics.median(alone) * 1000,
            "alone_max_ms": max(alone) * 1000,
            "during_median_ms": statistics.median(during) * 1000 if during else None,
            "during_max_ms": max(during) * 1000 if during else None,
            "during_samples": len(during),
            "heavy": [(o.label, o.status, round(o.seconds, 2)) for o in heavy_outcomes]}


# -- report ------------------------------------------------------------------------------------

def summarise(name: str, result: RunResult) -> str:
    count = len(result.outcomes)
    statuses: dict[int, int] = {}
    for outcome in result.outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    lines = [
        f"| {name} | {count} | {result.seconds:.1f} | {count / result.seconds:.1f} | "
        f"{result.percentile(0.5) * 1000:.0f} | {result.percentile(0.95) * 1000:.0f} | "
        f"{result.percentile(0.99) * 1000:.0f} | {len(result.server_errors())} | "
        f"{len(result.unexpected())} | "
        + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())) + " |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests in the main run")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--warmup", type=int, default=600,
                        help="requests before the RSS baseline (default 600)")
    parser.add_argument("--max-seconds", type=float, default=900.0,
                        help="time bound of the main run in seconds (default 900)")
    parser.add_argument("--small-only", action="store_true", help="only inputs under 60 KB")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    import machine

    corpus = corpus_dir()
    if corpus is None:
        print("shared corpus not found: set TERMSCORE_CORPUS", file=sys.stderr)
        return 2
    probes = build_probes(corpus, small_only=args.small_only)
    server = Gunicorn(workers=2, threads=4)
    failed = False
    try:
        warm = run_mix(server.port, probes, requests=args.warmup,
                       concurrency=args.concurrency, max_seconds=args.max_seconds, seed=0)
        rss_warm = server.idle_rss_mib()
        main_run = run_mix(server.port, probes, requests=args.requests,
                           concurrency=args.concurrency, max_seconds=args.max_seconds,
                           sample=server.worker_rss_mib)
        rss_after = server.idle_rss_mib()

        small = Probe("small audit", "POST", "/api/audit?name=BR-14.docx",
                      (corpus / "bugcases" / "BR-14.docx").read_bytes(), DOCX)
        slow_text = corpus / "contracts" / "cuad-ceres-collaboration-long.txt"
        slow_docx = corpus / "wordfiles" / "poi-long-268k-chars-numbering-tables.docx"
        heavy = [Probe("huge body", "POST", "/api/audit",
                       huge_body(25 * 1024 * 1024), DOCX, frozenset({413})),
                 Probe("long text audit", "POST", "/api/audit?name=long.txt",
                       slow_text.read_bytes(), "text/plain"),
                 Probe("long docx redline", "POST", "/api/redline?name=long.docx",
                       slow_docx.read_bytes(), DOCX)]
        isolated = isolation(server.port, small, heavy)
    finally:
        server.stop()

    # The analysis time limit: a server whose limit the long redline exceeds answers 503
    # for it, and keeps answering small requests meanwhile.
    limited = Gunicorn(workers=2, threads=4, env={"TERMSCORE_ANALYSIS_TIMEOUT": "1"})
    try:
        timed_out = isolation(limited.port, small, [Probe(
            "long docx redline", "POST", "/api/redline?name=long.docx",
            slow_docx.read_bytes(), DOCX, frozenset({503}))])
    finally:
        limited.stop()

    print(f"Machine: {machine.one_line()}")
    print(f"Command: bench/load.py --requests {args.requests} --concurrency "
          f"{args.concurrency} --warmup {args.warmup}"
          + (" --small-only" if args.small_only else ""))
    print(f"Distinct probes in the mix: {len(probes)}\n")
    print("| run | requests | seconds | requests/s | p50 ms | p95 ms | p99 ms | 5xx or "
          "no answer | unexpected status | statuses |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print(summarise("warm-up", warm))
    print(summarise("main", main_run))
    growth = (rss_after - rss_warm) / rss_warm if rss_warm else 0.0
    print(f"\nWorker RSS (sum of 2 workers): {rss_warm:.1f} MiB after warm-up, "
          f"{rss_after:.1f} MiB after the run ({growth:+.1%}).")
    step = max(1, len(main_run.samples) // 10)
    print("RSS during the run (seconds: MiB): " + ", ".join(
        f"{at:.0f}: {mib:.0f}" for at, mib in main_run.samples[::step]))
    print("\nSmall request (BR-14.docx audit) latency, alone and while a 26 MiB body, "
          "a 335 KB text audit and a 268k-character .docx redline are in flight:")
    print(json.dumps(isolated))
    print("\nThe same with TERMSCORE_ANALYSIS_TIMEOUT=1, while the .docx redline runs past "
          "the limit:")
    print(json.dumps(timed_out))

    for outcome in (main_run.server_errors() + main_run.unexpected())[:20]:
        print(f"UNEXPECTED: {outcome.label} -> {outcome.status} {outcome.error or ''}")
        failed = True
    if growth > 0.20:
        print("FAIL: worker memory grew by more than 20% after warm-up")
        failed = True
    heavy_ok = all(status in (200, 413) for _, status, _ in isolated["heavy"]) and \
        all(status == 503 for _, status, _ in timed_out["heavy"])
    if not heavy_ok:
        print("FAIL: a heavy request got an unexpected status")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
