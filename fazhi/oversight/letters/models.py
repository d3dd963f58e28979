"""信箱 — models (to be filled in)."""
