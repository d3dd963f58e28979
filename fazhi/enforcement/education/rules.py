"""The rules of 普法学法, with their sources.

No law or regulation fixes a period for recording a 普法 activity or for publishing a
普法责任清单, so this procedure has no statutory clock and no setting. What the texts say:

- 法治政府建设与责任落实督察工作规定 (2019) art. 9 (十): a department "认真落实‘谁执法谁普法’
  普法责任制，加强本部门法治政府建设宣传教育工作" — the unit that enforces a law publicises it,
  so each unit keeps its own 普法责任清单 and ledger (steps.py: ActsFor the unit).
- 法治政府建设实施纲要(2021－2025年) (十六): "全面落实‘谁执法谁普法’普法责任制，加强以案释法"
  (the 以案释法 and 旁听庭审 types); (三十四): "地方各级政府领导班子每年应当举办两期以上法治专题
  讲座" (the 领导干部法治专题讲座 type; the platform counts them, it does not refuse fewer).
- 优化营商环境条例 art. 67: "国家加强法治宣传教育，落实国家机关普法责任制" (民营企业“法治体检”
  and the 营商环境 publicity).

The 普法责任清单 is published to the public: the 清单 is the unit's duty, stated for the public
to hold it to (谁执法谁普法); an item is published (公布) before activities are recorded against
it, and a withdrawn (撤回) item keeps its activities but takes no more.
"""

DUTY = "法治政府建设与责任落实督察工作规定第九条第(十)项"
CASES = "法治政府建设实施纲要(2021－2025年)第(十六)项"
LEADERS = "法治政府建设实施纲要(2021－2025年)第(三十四)项"
BUSINESS = "优化营商环境条例第六十七条"
