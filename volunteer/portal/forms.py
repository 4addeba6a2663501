from django import forms

SCORES = [(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "很不满意")]


class CheckinForm(forms.Form):
    code = forms.CharField(label="阵地编码", max_length=12, help_text="扫描服务阵地的二维码，或输入标牌上的编码")
    order = forms.IntegerField(widget=forms.HiddenInput)


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(label="评分", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label="评语", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class DeedForm(forms.Form):
    started_at = forms.DateTimeField(label="开始时间", widget=DateTimeLocal())
    ended_at = forms.DateTimeField(label="结束时间", widget=DateTimeLocal())
    place = forms.CharField(label="地点", max_length=200)
    content = forms.CharField(label="做了什么", widget=forms.Textarea(attrs={"rows": 3}))
    beneficiary = forms.CharField(label="服务对象", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("started_at") and data.get("ended_at") and data["ended_at"] <= data["started_at"]:
            self.add_error("ended_at", "结束时间须晚于开始时间")
        return data


class CommitmentForm(forms.Form):
    content = forms.CharField(label="我的承诺", max_length=300, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="例如：每月参加两次社区志愿服务。修改后须社区重新审核才会在承诺墙展示")
