"""Reading source: text, syntax trees, positions, comments and noqa."""
