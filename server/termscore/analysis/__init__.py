"""Analysis: clause units, defined terms, parties, detection, score and reports."""

from .audit import AuditResult, Finding, Protection, audit
from .clauses import ClauseUnit, segment_units

__all__ = ["AuditResult", "ClauseUnit", "Finding", "Protection", "audit", "segment_units"]
