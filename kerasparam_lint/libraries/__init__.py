"""The libraries the evaluator models, each plugged in through
:class:`kerasparam_lint.evaluator.library.Library` and listed in :mod:`.registry`."""
