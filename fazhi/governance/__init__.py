"""依法决策 (seed 一.2, 二): 重大行政决策 and 常务会, 合法性审核, 行政规范性文件, 法律顾问,
任务督办.

Each procedure is a Django app of its own under this namespace (docs/architecture.md)."""
