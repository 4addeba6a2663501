"""党员义工 portal (M3): phone-sized, server-rendered pages. Every change goes through services."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from volunteer import matching, services
from volunteer.models import (
    Account,
    Activity,
    Evaluation,
    EvaluationRole,
    Order,
    OrderStatus,
    PartyMember,
    RecordStatus,
    ServicePoint,
    ServiceRecord,
    Unit,
)
from volunteer.portal.forms import CheckinForm, CommitmentForm, DeedForm, EvaluationForm

portal_login_required = login_required(login_url="portal:login")


def member_required(view):
    """The logged-in account must be linked to a party member."""

    @portal_login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        member = PartyMember.objects.filter(user=request.user, is_active=True).select_related("home_grid").first()
        if member is None:
            return render(request, "portal/no_member.html", status=403)
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def _error(request, error):
    messages.error(request, "；".join(error.messages))


def _form_errors(form, error):
    """A service's ValidationError on the form: named fields where the form has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@member_required
def home(request):
    invitations = list(services.pending_invitations(request.member))
    invited = {i.activity_id for i in invitations}
    recommendations = [r for r in matching.recommend_activities(request.member, limit=20) if r.activity.pk not in invited]
    return render(request, "portal/home.html", {"recommendations": recommendations, "invitations": invitations,
                                                "tab": "home"})


@require_POST
@member_required
def take(request, activity_id):
    activity = get_object_or_404(Activity, pk=activity_id)
    try:
        services.sign_up(activity, request.member, user=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("portal:home")
    messages.success(request, f"接单成功：{activity.title}，请按时到场签到")
    return redirect("portal:orders")


@member_required
def orders(request):
    mine = (Order.objects.filter(member=request.member).select_related("activity__service_point", "activity__project")
            .order_by("-activity__starts_at")[:50])
    return render(request, "portal/orders.html", {"orders": mine})


@require_POST
@member_required
def cancel(request, order_id):
    order = get_object_or_404(Order, pk=order_id, member=request.member)
    try:
        services.cancel_order(order, user=request.user, reason="本人取消")
        messages.success(request, "已取消接单")
    except ValidationError as error:
        _error(request, error)
    return redirect("portal:orders")


@member_required
def checkin(request, code=""):
    """签到: opened from the point's QR (code in the URL) or by typing the code."""
    form = CheckinForm(request.POST or None, initial={"code": code})
    point = ServicePoint.objects.filter(public_code=(code or "").upper()).first()
    candidates = Order.objects.filter(member=request.member, status=OrderStatus.SIGNED_UP,
                                      activity__ends_at__gte=timezone.now()).select_related("activity")
    if point:
        candidates = candidates.filter(activity__service_point=point)
    if request.method == "POST" and form.is_valid():
        order = get_object_or_404(Order, pk=form.cleaned_data["order"], member=request.member)
        try:
            services.check_in(order, user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("code", message)
        else:
            messages.success(request, f"签到成功：{order.activity.title}")
            return redirect("portal:orders")
    return render(request, "portal/checkin.html", {"form": form, "point": point, "candidates": candidates[:10]})


@require_POST
@member_required
def checkout(request, order_id):
    order = get_object_or_404(Order, pk=order_id, member=request.member)
    try:
        services.check_out(order, user=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("portal:orders")
    messages.success(request, "已签退，服务记录已提交审核。请服务对象扫码评价。")
    return redirect("portal:records")


@member_required
def records(request):
    mine = (ServiceRecord.objects.filter(member=request.member).select_related("activity")
            .prefetch_related("evaluations").order_by("-started_at")[:50])
    approved = ServiceRecord.objects.approved().filter(member=request.member)
    totals = approved.aggregate(h=Sum("hours"))
    self_evaluated = set(Evaluation.objects.filter(record__member=request.member, role=EvaluationRole.SELF)
                         .values_list("record_id", flat=True))
    return render(request, "portal/records.html", {
        "records": mine, "approved_hours": totals["h"] or 0, "approved_count": approved.count(),
        "self_evaluated": self_evaluated,
        "pending_count": ServiceRecord.objects.filter(member=request.member, status=RecordStatus.PENDING).count(),
        # 我的积分: what the 爱心超市 counter will see (E4, E8).
        "points_balance": Account.objects.filter(member=request.member, unit=Unit.POINTS)
                                         .values_list("balance", flat=True).first() or 0,
    })


@member_required
def evaluation_qr(request, record_id):
    """The QR the volunteer shows the resident: it opens the record's evaluation link."""
    import io

    import segno
    from django.http import HttpResponse
    from django.urls import reverse

    record = get_object_or_404(ServiceRecord, pk=record_id, member=request.member)
    url = request.build_absolute_uri(reverse("resident_evaluate", args=[record.evaluation_token]))
    # A standalone SVG document (XML declaration and the SVG namespace): the page shows it in an
    # <img>, and without xmlns a browser does not render it (svg_inline is for inlining in HTML).
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, title="服务对象评价二维码")
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml; charset=utf-8")


@member_required
def self_evaluate(request, record_id):
    record = get_object_or_404(ServiceRecord, pk=record_id, member=request.member)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate(record, role=EvaluationRole.SELF, score=form.cleaned_data["score"],
                              comment=form.cleaned_data["comment"], user=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "自评已提交")
            return redirect("portal:records")
    return render(request, "portal/evaluate.html", {"form": form, "record": record, "title": "党员义工自评"})


@member_required
def deed(request):
    """为身边群众办一件实事好事 (O1)."""
    form = DeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = ServiceRecord(member=request.member, **form.cleaned_data)
        try:
            services.record_deed(record, user=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "已登记，待社区审核")
            return redirect("portal:records")
    return render(request, "portal/deed.html", {"form": form})


@member_required
def commitment(request):
    """亮承诺 (E3): the member's own commitment for this year."""
    current = request.member.commitments.filter(year=timezone.localdate().year).first()
    form = CommitmentForm(request.POST or None, initial={"content": current.content if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_own_commitment(request.member, form.cleaned_data["content"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "承诺已保存，社区审核后在承诺墙展示")
            return redirect("portal:commitment")
    return render(request, "portal/commitment.html", {"form": form, "current": current})


def resident_evaluate(request, token):
    """The resident's short link / QR shown by the volunteer: 服务对象初评, no login."""
    record = get_object_or_404(ServiceRecord.objects.select_related("member"), evaluation_token=token)
    done = record.evaluations.filter(role=EvaluationRole.BENEFICIARY).exists()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=form.cleaned_data["score"],
                              comment=form.cleaned_data["comment"], token=token, user=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            done = True
    return render(request, "portal/resident_evaluate.html", {"form": form, "record": record, "done": done})
