"""爱心超市 counter (E8): find the member (name, last 4 phone digits, or the card's QR), see the
balance and expiring points, fill a basket, confirm once (idempotent), print the receipt, cancel
with a reason. Also the printable member card with its QR."""

import uuid

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from volunteer import scope, services
from volunteer.adminviews.base import PermittedViewSet
from volunteer.adminviews.members import shown_mobile
from volunteer.adminviews.onetime import PageKeyMixin, page_key, valid_key
from volunteer.models import Account, PartyMember, Redemption, RedemptionStatus, Reward, ServicePoint, Unit
from volunteer.people import person_name

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


REPLAYED = "该兑换已完成，未重复扣分"


def counter_key(key):
    """The counter's basket key as stored on the redemption (API keys are namespaced apart)."""
    return f"counter:{key}"


class BasketView(PageKeyMixin, CounterMixin, TemplateView):
    """The basket and its 确认兑换 form. Each basket has a one-time key, minted when the page is first
    opened and kept in its address (?key=…), so the form carries the same key however the page comes
    back — Back, a reload, a second tab: confirming again replays the first redemption, never a second."""

    template_name = "volunteer/counter/basket.html"
    page_title = "兑换"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.member = self.scoped_member(kwargs["member_id"])

    def get_page_title(self):
        return f"{self.member.name} 兑换"

    def confirmed(self, key):
        """This member's redemption already confirmed with this basket's key, if any."""
        if not key:
            return None
        return Redemption.objects.filter(idempotency_key=counter_key(key), member=self.member).first()

    def store(self):
        stores = self.stores()
        chosen = self.request.POST.get("store") or self.request.GET.get("store")
        return stores.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else stores.first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        store = self.store()
        key = kwargs.get("key") or page_key(self.request)
        balances = dict(Account.objects.filter(member=self.member).values_list("unit", "balance"))
        context.update(
            member=self.member, mobile=shown_mobile(self.member, self.request.user), store=store,
            stores=self.stores(), points=balances.get(Unit.POINTS, 0), time=balances.get(Unit.TIME, 0),
            expiring=services.expiring_soon(self.member, days=30),
            rewards=Reward.objects.active().filter(store=store).order_by("name") if store else [],
            key=key, done=self.confirmed(key),
            new_basket=reverse("counter:basket", args=[self.member.pk]),
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
        key_ok = valid_key(key)
        try:
            if problems:
                raise ValidationError(problems)
            if not key_ok:
                raise ValidationError("请求已失效，请刷新页面后重试")
            redemption = services.redeem(self.member, store, lines, user=request.user, key=counter_key(key))
        except ValidationError as error:
            done = key_ok and self.confirmed(key) is not None
            # This basket was confirmed before, with other goods: say so rather than the service's wording.
            messages.error(request, f"{REPLAYED}。如需为该党员再次兑换，请点击“开始新的兑换”" if done
                           else "；".join(error.messages))
            return self.render_to_response(self.get_context_data(key=key if key_ok else uuid.uuid4().hex))
        if redemption.replayed:
            messages.warning(request, REPLAYED)
        return redirect("counter:receipt", redemption.pk)


# The 80 mm roll is cut as long as the receipt: its fixed part and one row per item (names wrap
# after about ten characters, so a row is given room for two lines).
RECEIPT_BASE_MM = 80
RECEIPT_LINE_MM = 9


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
        lines = list(r.lines.select_related("reward"))
        context.update(redemption=r, lines=lines, balance=balance,
                       mobile=shown_mobile(r.member, self.request.user), operator=person_name(r.operator) or "—",
                       paper_mm=RECEIPT_BASE_MM + RECEIPT_LINE_MM * len(lines),
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


class CounterPanel(Component):
    """The admin home's way in to the counter: a member search straight into 收银台 and today's
    redemptions. First on the home page of those whose work is the counter (爱心超市管理员)."""

    template_name = "volunteer/counter/panel.html"
    name = "dy_counter"

    def __init__(self, request):
        self.request = request
        # Admins who also run a counter see it after their own figures.
        self.order = 65 if request.user.has_perm("volunteer.view_servicerecord") else 1

    def get_context_data(self, parent_context):
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        today = scope.restrict(Redemption.objects.filter(created_at__gte=start, status=RedemptionStatus.COMPLETED),
                               self.request.user).aggregate(count=Count("pk"), points=Sum("points"))
        return {"find_url": reverse("counter:find"), "today_count": today["count"],
                "today_points": today["points"] or 0}


@hooks.register("construct_homepage_panels")
def counter_panel(request, panels):
    if request.user.has_perm("volunteer.add_redemption"):
        panels.append(CounterPanel(request))


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
