"""Generic ledger pages and API built from a procedure's declaration (fazhi.core.procedures)."""
