"""Test helpers shared across apps (pytest plugins live here, not in the shipped code paths)."""
