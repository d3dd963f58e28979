"""行政应诉 — models (to be filled in)."""
