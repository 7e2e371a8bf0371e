"""Analysis: clause units, defined terms, parties, detection, score and reports."""

import functools

from ..collector import collector_paused
from .audit import AuditResult, Finding, Protection
from .audit import audit as _audit
from .clauses import ClauseUnit, segment_units


@functools.wraps(_audit)
def audit(*args, **kwargs) -> AuditResult:
    with collector_paused():
        return _audit(*args, **kwargs)

__all__ = ["AuditResult", "ClauseUnit", "Finding", "Protection", "audit", "segment_units"]
