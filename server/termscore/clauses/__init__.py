"""clauses layer."""
