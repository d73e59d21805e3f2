"""Running the rules: findings, code selection, rule options and noqa filtering."""
