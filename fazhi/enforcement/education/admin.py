"""普法活动 and the 普法责任清单 are changed through their pages and services only; the admin does
not list them (docs/architecture.md: the admin is for reference data)."""
