"""调解 — models (to be filled in)."""
