"""红河州's 13 counties (GB/T 2260 codes) and the departments and towns a synthetic county has: the
demo prefecture's (prefecture.py) and the benchmarks' (bench/synthetic.py). Plain data, importable
before Django is set up.
"""

PROVINCE = ("530000", "云南省人民政府", "云南")
PREFECTURE = ("532500", "红河哈尼族彝族自治州人民政府", "红河州")
# code, name, short name, weight (roughly the population in 10 000s; only the proportions
# matter).
COUNTIES = [
    ("532501", "个旧市", "个旧", 39),
    ("532502", "开远市", "开远", 33),
    ("532503", "蒙自市", "蒙自", 58),
    ("532504", "弥勒市", "弥勒", 55),
    ("532523", "屏边苗族自治县", "屏边", 15),
    ("532524", "建水县", "建水", 53),
    ("532525", "石屏县", "石屏", 30),
    ("532527", "泸西县", "泸西", 41),
    ("532528", "元阳县", "元阳", 40),
    ("532529", "红河县", "红河", 30),
    ("532530", "金平苗族瑶族傣族自治县", "金平", 36),
    ("532531", "绿春县", "绿春", 24),
    ("532532", "河口瑶族自治县", "河口", 11),
]
# Departments in order of how often they are respondents; "sfj" (司法局) is the 复议机构.
DEPARTMENTS = [
    ("gaj", "公安局"),
    ("zrzyj", "自然资源局"),
    ("scjgj", "市场监督管理局"),
    ("rsj", "人力资源和社会保障局"),
    ("cgj", "综合行政执法局"),
    ("zjj", "住房和城乡建设局"),
    ("jtysj", "交通运输局"),
    ("sthj", "生态环境分局"),
    ("nyncj", "农业农村局"),
    ("lcj", "林业和草原局"),
    ("swj", "水务局"),
    ("wjj", "卫生健康局"),
    ("yjglj", "应急管理局"),
    ("jtj", "教育体育局"),
    ("mzj", "民政局"),
    ("czj", "财政局"),
    ("ybj", "医疗保障局"),
    ("zwfwj", "政务服务管理局"),
    ("tjj", "统计局"),
]
TOWNS = ["城关镇", "新街镇", "东山镇", "西山镇", "南屏镇", "北坡镇", "河湾镇", "龙潭乡", "大寨乡"]
