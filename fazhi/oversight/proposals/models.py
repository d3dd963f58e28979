"""建议提案 — models (to be filled in)."""
