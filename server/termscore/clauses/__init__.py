"""Clause library: rules and protective clauses as YAML data, and their rendering."""

from .library import Clause, Library, Rule, load_library, load_library_from
from .render import Addendum, library_to_dict, render_addendum, render_clause

__all__ = ["Addendum", "Clause", "Library", "Rule", "library_to_dict", "load_library",
           "load_library_from", "render_addendum", "render_clause"]
