"""权力与责任: the government's 权责清单 — what each of its departments and towns may do, on what
legal basis, and what it answers for (法治政府建设实施纲要(2021—2025年) 第二部分(一) "全面实行政府
权责清单制度")."""
