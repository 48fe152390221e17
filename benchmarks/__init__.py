"""Performance benchmark: see README.md."""
