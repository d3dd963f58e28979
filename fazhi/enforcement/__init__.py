"""行政执法 and 普法 (seed 三, 四, 七, 八): 综合执法 teams, 执法人员 and their certificates,
enforcement cases with the 三项制度 (公示, 全过程记录, 法制审核), 案卷评查, and legal education.

Each procedure is a Django app of its own under this namespace (docs/architecture.md)."""
