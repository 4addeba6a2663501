"""爱心超市 counter (E8): find the member (name, last 4 phone digits, or the card's QR), see the
balance and expiring points, fill a basket, confirm once (idempotent), print the receipt, cancel
with a reason. Also the printable member card with its QR."""

import re
import uuid

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from volunteer import scope, services
from volunteer.adminviews.base import PermittedViewSet
from volunteer.adminviews.members import shown_mobile
from volunteer.models import Account, PartyMember, Redemption, RedemptionStatus, Reward, ServicePoint, Unit

CARD_SALT = "dy365.member-card"
CARD_PREFIX = "DY365:"


def card_code(member):
    return CARD_PREFIX + signing.dumps(member.pk, salt=CARD_SALT, compress=True)


def member_from_card(text):
    if not text.startswith(CARD_PREFIX):
        return None
    try:
        return signing.loads(text[len(CARD_PREFIX):], salt=CARD_SALT)
    except signing.BadSignature:
        return None


def may_use_counter(user):
    return user.has_perm("volunteer.add_redemption")


class CounterMixin(WagtailAdminTemplateMixin):
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not may_use_counter(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped_member(self, member_id):
        member = scope.restrict(PartyMember.objects.active(), self.request.user).filter(pk=member_id).first()
        if member is None:
            raise Http404("不在管辖范围内")
        return member

    def stores(self):
        return scope.restrict(ServicePoint.objects.filter(rewards__isnull=False).distinct(), self.request.user)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("counter:find"), "label": "爱心超市收银台"},
                                         {"url": "", "label": self.get_page_title()}]


class FindMemberView(CounterMixin, TemplateView):
    template_name = "volunteer/counter/find.html"
    page_title = "爱心超市收银台"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or "").strip()
        members = []
        if query:
            visible = scope.restrict(PartyMember.objects.active().select_related("home_grid"), self.request.user)
            card = member_from_card(query)
            if card is not None:
                members = list(visible.filter(pk=card))
            elif query.isdigit() and len(query) == 4:
                members = list(visible.filter(mobile__endswith=query)[:20])
            else:
                members = list(visible.filter(Q(name__icontains=query))[:20])
            for member in members:
                member.shown_mobile = shown_mobile(member, self.request.user)
        context.update(query=query, members=members, searched=bool(query))
        return context


class BasketView(CounterMixin, TemplateView):
    template_name = "volunteer/counter/basket.html"
    page_title = "兑换"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.member = self.scoped_member(kwargs["member_id"])

    def get_page_title(self):
        return f"{self.member.name} 兑换"

    def store(self):
        stores = self.stores()
        chosen = self.request.POST.get("store") or self.request.GET.get("store")
        return stores.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else stores.first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        store = self.store()
        balances = dict(Account.objects.filter(member=self.member).values_list("unit", "balance"))
        context.update(
            member=self.member, mobile=shown_mobile(self.member, self.request.user), store=store,
            stores=self.stores(), points=balances.get(Unit.POINTS, 0), time=balances.get(Unit.TIME, 0),
            expiring=services.expiring_soon(self.member, days=30),
            rewards=Reward.objects.active().filter(store=store).order_by("name") if store else [],
            key=kwargs.get("key") or uuid.uuid4().hex,
        )
        return context

    def post(self, request, *args, **kwargs):
        store = self.store()
        if store is None:
            messages.error(request, "请选择爱心超市")
            return redirect(request.path)
        lines, problems = [], []
        for reward in Reward.objects.filter(store=store):
            raw = (request.POST.get(f"qty-{reward.pk}") or "0").strip()
            try:
                quantity = int(raw)
            except ValueError:
                problems.append(f"“{reward.name}”的数量须为整数")
                continue
            if quantity:
                lines.append((reward, quantity))
        key = request.POST.get("key", "")
        try:
            if problems:
                raise ValidationError(problems)
            if not re.fullmatch(r"[0-9a-f]{32}", key):
                raise ValidationError("请求已失效，请刷新页面后重试")
            redemption = services.redeem(self.member, store, lines, user=request.user, key=f"counter:{key}")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return self.render_to_response(self.get_context_data(key=key if re.fullmatch(r"[0-9a-f]{32}", key) else None))
        return redirect("counter:receipt", redemption.pk)


class ReceiptView(CounterMixin, TemplateView):
    template_name = "volunteer/counter/receipt.html"
    page_title = "兑换小票"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.redemption = get_object_or_404(
            scope.restrict(Redemption.objects.select_related("member", "store", "operator"), request.user),
            pk=kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.redemption
        balance = Account.objects.filter(member=r.member, unit=Unit.POINTS).values_list("balance", flat=True).first()
        context.update(redemption=r, lines=r.lines.select_related("reward"), balance=balance,
                       mobile=shown_mobile(r.member, self.request.user),
                       can_cancel=r.status == RedemptionStatus.COMPLETED)
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.cancel_redemption(self.redemption, user=request.user, reason=request.POST.get("reason"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已撤销兑换，积分和库存已退回")
        return redirect("counter:receipt", self.redemption.pk)


class MemberCardView(CounterMixin, TemplateView):
    template_name = "volunteer/counter/card.html"
    page_title = "党员义工卡"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.scoped_member(kwargs["member_id"])
        context.update(member=member, qr=segno.make(card_code(member), error="m").svg_inline(scale=5,
                                                                                             title="党员义工卡二维码"))
        return context


class CounterViewSet(PermittedViewSet):
    name = "counter"
    icon = "tag"
    menu_label = "爱心超市收银台"
    url_prefix = "counter"

    def may_open(self, user):
        return may_use_counter(user)

    def get_urlpatterns(self):
        return [
            path("", FindMemberView.as_view(), name="find"),
            path("member/<int:member_id>/", BasketView.as_view(), name="basket"),
            path("receipt/<int:pk>/", ReceiptView.as_view(), name="receipt"),
            path("card/<int:member_id>/", MemberCardView.as_view(), name="card"),
        ]
