"""Describe the machine a benchmark ran on, so every number can name it."""

from __future__ import annotations

import os
import platform
import subprocess


def cpu_model() -> str:
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        output = ""
    for line in output.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe() -> dict:
    """Return CPU model, core count, RAM, OS, Python version and the current load average."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 0,
        "ram_gib": round(memory_gib(), 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": load_average(),
    }


def one_line(info: dict | None = None) -> str:
    info = info or describe()
    return (f"{info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, {info['os']}, "
            f"Python {info['python']}, load average {info['load_average']} (1, 5, 15 min)")
