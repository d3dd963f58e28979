"""依申请公开 — models (to be filled in)."""
