"""政务新媒体 — models (to be filled in)."""
