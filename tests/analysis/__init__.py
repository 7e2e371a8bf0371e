"""Analysis tests, a package so that their module names cannot clash with other folders."""
