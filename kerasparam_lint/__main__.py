"""`python -m kerasparam_lint`: the same command line as the `kerasparam-lint` script."""

from kerasparam_lint.frontends.cli import run_and_exit

run_and_exit()
