"""The front ends: CLI commands, flake8 plugin, configuration, discovery and cache."""
