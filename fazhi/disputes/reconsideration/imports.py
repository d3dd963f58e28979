"""Historical 行政复议 cases from XLSX/CSV: see fazhi.core.imports (declared columns). Filled in
once the kernel's import framework lands."""
