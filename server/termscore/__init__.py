"""TermScore: a local auditor for AI-training and data-use clauses in contracts."""

__version__ = "0.1.0"
