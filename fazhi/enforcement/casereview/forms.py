"""Forms of the 案卷评查 pages: the campaign's plan, its 评查标准, the draw's 公示 and 抽取, the
score sheet of one file, the result sent back and the department's 整改情况."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit, User

DEFAULT_RUBRIC = """主体合法 10
事实清楚、证据确凿 20
适用法律正确 15
程序合法 20
文书规范 15
全过程记录完整 10
法制审核 10"""


def _government_units(user):
    government = user.unit.government()
    return government.subtree().exclude(pk=government.pk).order_by("path")


def _government_users(user):
    government = user.unit.government()
    return (
        User.objects.filter(unit__path__startswith=government.path, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "username")
    )


class PlanForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    departments = forms.ModelMultipleChoiceField(
        label="被评查部门", queryset=OrgUnit.objects.none()
    )
    per_department = forms.IntegerField(
        label="每部门抽取案卷数", min_value=1, max_value=500, required=False
    )
    total = forms.IntegerField(
        label="或：抽取案卷总数(每部门至少一卷)", min_value=1, max_value=5000, required=False
    )
    reviewers = forms.ModelMultipleChoiceField(label="评查人员", queryset=User.objects.none())

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = _government_units(user)
        self.fields["reviewers"].queryset = _government_users(user)
        if campaign is not None and not self.is_bound:
            self.initial.update(
                title=campaign.title,
                departments=list(campaign.departments.all()),
                per_department=campaign.per_department,
                total=campaign.total,
                reviewers=list(campaign.reviewers.all()),
            )


class CampaignForm(PlanForm):
    year = forms.IntegerField(label="评查年度(抽取该年度已结案卷)", min_value=2000, max_value=2100)
    rubric = forms.CharField(
        label="评查标准(每行一项：项目名称 分值)",
        initial=DEFAULT_RUBRIC,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
    )
    planned_on = date_field("方案制定日期")


class RubricForm(forms.Form):
    rubric = forms.CharField(
        label="评查标准(每行一项：项目名称 分值)",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=4000,
    )

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None and not self.is_bound:
            self.initial["rubric"] = "\n".join(
                f"{item.name} {item.max_points.normalize():f}" for item in campaign.items.all()
            )


class CommitForm(forms.Form):
    seed_method = forms.ChoiceField(
        label="随机种子来源",
        choices=[
            ("commit_reveal", "承诺后揭示(公示种子的SHA-256值，抽取时揭示种子)"),
            ("public_source", "事先指定的公开随机源(如福利彩票开奖号码)"),
        ],
    )
    seed_commitment = forms.CharField(
        label="种子承诺(SHA-256，64位十六进制)",
        max_length=64,
        required=False,
        help_text="承诺后揭示：组织单位事先生成随机种子(至少128位随机数)并妥善保管，此处只填写其"
        "SHA-256值，抽取时再揭示种子。",
    )
    public_source = forms.CharField(
        label="公开随机源名称及期号",
        max_length=200,
        required=False,
        help_text="如“中国福利彩票双色球第2021130期”；开奖日期不得早于公示之日，开奖后填写开奖号码抽取。",
    )
    public_source_on = forms.DateField(label="公开随机源开奖日期", required=False)
    on = date_field("公示日期")


class DrawForm(forms.Form):
    seed = forms.CharField(label="揭示的随机种子", max_length=200, required=False)
    public_values = forms.CharField(
        label="公开随机源开奖号码(各组以“+”分隔，如 03 07 12 18 25 31 + 09)",
        max_length=200,
        required=False,
    )
    on = date_field("抽取日期")


class ScoreForm(forms.Form):
    """One field of points (at most the item's 分值) and one of comment per item of the rubric."""

    fields_per_record = (
        "另按本次评查的评查标准逐项填写：item_<项目编号> 为该项得分(不超过该项分值)，"
        "comment_<项目编号> 为该项评查意见(可空)；项目编号见评查活动的评查标准。"
    )

    scored_on = date_field("评分日期")
    findings = forms.CharField(
        label="整改事项(无需整改的留空)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, file=None, **kwargs):
        super().__init__(*args, **kwargs)
        if file is None:
            return
        for item in file.campaign.items.all():
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.name}(满分{item.max_points.normalize():f})",
                min_value=0,
                max_value=item.max_points,
                decimal_places=1,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=f"{item.name}评查意见", max_length=500, required=False
            )
        self.order_fields([name for name in self.fields if name.startswith(("item_", "comment_"))])


class SendForm(OnForm):
    pass


class RectifyForm(forms.Form):
    rectification = forms.CharField(
        label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    on = date_field("整改完成日期")
