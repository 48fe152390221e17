"""Stands in for an uninstalled redis package (tests/server/test_cli.py puts this folder first on
the served process's path): importing it fails as a missing package does."""

raise ImportError("No module named 'redis' (hidden by the test)")
