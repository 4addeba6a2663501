"""What one load run works on, and the consistency check after it. Runs inside Django against the
load database (`python -m bench.loadtest.fixtures prepare|verify …`), so the driver itself needs
no ORM.

prepare: volunteers with portal sessions and API tokens, activities with few seats (so sign-ups
race for the last one), a 爱心超市 operator with a token, rewards with limited stock, and members
with small balances (so redemptions run into 余额不足 and 库存不足 as they would at a counter).
verify: audit_ledgers, every activity within capacity and its counter equal to its orders, every
redemption the driver saw acknowledged present exactly once, balances and stock moved by exactly
what the run's redemptions say."""

import argparse
import datetime
import json
import os
import sys
from decimal import Decimal

import django

ACTIVITIES = 20
SEATS = 8
VOLUNTEERS = 120
REDEEMING_MEMBERS = 60
STARTING_POINTS = Decimal(60)
PRICES = (Decimal(5), Decimal(10), Decimal(20))
STOCK = 150


def _session_for(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def prepare(run_id):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.db.models import Q
    from django.utils import timezone
    from rest_framework.authtoken.models import Token
    from wagtail.models import Page

    from volunteer import scope, services
    from volunteer.models import (
        Activity,
        AdminScope,
        EntryKind,
        Grid,
        PartyMember,
        PointKind,
        Reward,
        ServicePoint,
        ServiceProject,
        Unit,
    )

    User = get_user_model()
    town = Grid.objects.get(code="QH-01")
    now = timezone.now()
    with transaction.atomic():
        project = ServiceProject.objects.published().in_grid(town).first() or ServiceProject.objects.published().first()
        activities = [
            Activity.objects.create(
                project=project, title=f"压测活动{run_id}-{i}", grid=town, place="压测地点",
                starts_at=now + datetime.timedelta(days=2), ends_at=now + datetime.timedelta(days=2, hours=3),
                capacity=SEATS, signup_opens_at=now - datetime.timedelta(hours=1),
                signup_closes_at=now + datetime.timedelta(days=1))
            for i in range(ACTIVITIES)
        ]
        # The same members serve as volunteers in every run (a small town has only so many).
        members = list(PartyMember.objects.living_in(town).filter(is_active=True)
                       .filter(Q(user__isnull=True) | Q(user__username__startswith="load-")).order_by("pk")[:VOLUNTEERS])
        volunteer_group = Group.objects.get(name=scope.ROLE_VOLUNTEER)
        volunteers = []
        for member in members:
            user = member.user
            if user is None:
                user = User(username=f"load-{member.pk}", first_name=member.name)
                user.set_unusable_password()  # sessions are made here; nobody logs in with it
                user.save()
                user.groups.add(volunteer_group)
                member.user = user
                member.save(update_fields=["user"])
            volunteers.append({"member": member.pk, "session": _session_for(user),
                               "token": Token.objects.get_or_create(user=user)[0].key})

        operator = User.objects.create(username=f"load-operator-{run_id}", first_name="压测收银员")
        operator.groups.add(Group.objects.get(name=scope.ROLE_SUPERMARKET_OPERATOR))
        AdminScope.objects.create(user=operator, grid=town)
        store = ServicePoint.objects.create(name=f"压测爱心超市{run_id}", kind=PointKind.PRACTICE_CENTER, grid=town,
                                            address="压测地址")
        rewards = [Reward.objects.create(name=f"压测商品{run_id}-{i}", points_price=price, store=store)
                   for i, price in enumerate(PRICES)]
    for reward in rewards:
        services.restock(reward, STOCK, user=scope.SYSTEM, key=f"load:{run_id}:stock:{reward.pk}")
    redeemers = [v["member"] for v in volunteers[:REDEEMING_MEMBERS]]
    for member in PartyMember.objects.filter(pk__in=redeemers):
        services.post(member, Unit.POINTS, STARTING_POINTS, kind=EntryKind.ADJUST, source="loadtest",
                      key=f"load:{run_id}:points:{member.pk}")

    pages = [page.url for page in Page.objects.live().public().specific().filter(depth__gte=2)[:300] if page.url]
    return {
        "run_id": run_id,
        "activities": [a.pk for a in activities],
        "volunteers": volunteers,
        "operator_token": Token.objects.create(user=operator).key,
        "operator": operator.pk,
        "store": store.pk,
        "rewards": [{"id": r.pk, "price": str(r.points_price)} for r in rewards],
        "redeemers": redeemers,
        "balances": {str(pk): str(_balance(pk)) for pk in redeemers},
        "pages": pages,
        "stories": list(Page.objects.live().public().filter(depth__gte=3).values_list("pk", flat=True)[:100]),
    }


def _balance(member_pk):
    from volunteer.models import Account, Unit

    account = Account.objects.filter(member_id=member_pk, unit=Unit.POINTS).first()
    return account.balance if account else Decimal(0)


def verify(plan, acknowledged):
    """`acknowledged`: {idempotency key: redemption id} for every redemption the server answered 200/201."""
    from django.db.models import Sum

    from volunteer.models import Activity, Order, Redemption, RedemptionLine, RedemptionStatus, Reward
    from volunteer.services.audit import audit_ledgers

    problems = list(audit_ledgers())
    for activity in Activity.objects.filter(pk__in=plan["activities"]):
        orders = Order.objects.active().filter(activity=activity).count()
        if orders > activity.capacity or orders != activity.signed_up_count:
            problems.append(f"{activity.title}：名额 {activity.capacity}，计数 {activity.signed_up_count}，有效接单 {orders}")
    prefix = f"api:{plan['operator']}:{plan['run_id']}-"
    made = {r.idempotency_key.removeprefix(f"api:{plan['operator']}:"): r
            for r in Redemption.objects.filter(idempotency_key__startswith=prefix)}
    for key, pk in acknowledged.items():
        if key not in made:
            problems.append(f"已确认的兑换 {key}（{pk}）在数据库中不存在——丢失")
        elif made[key].pk != pk:
            problems.append(f"兑换 {key}：两次应答给出不同记录 {pk} 与 {made[key].pk}——重复")
    unacknowledged = len(set(made) - set(acknowledged))
    for member_pk, before in plan["balances"].items():
        spent = Redemption.objects.filter(member_id=member_pk, idempotency_key__startswith=prefix,
                                          status=RedemptionStatus.COMPLETED).aggregate(s=Sum("points"))["s"] or 0
        after = _balance(int(member_pk))
        if Decimal(before) - spent != after:
            problems.append(f"党员 {member_pk}：兑换前 {before}，兑换合计 {spent}，现余额 {after}——积分不平")
    for reward in Reward.objects.filter(pk__in=[r["id"] for r in plan["rewards"]]):
        sold = RedemptionLine.objects.filter(reward=reward, redemption__status=RedemptionStatus.COMPLETED).aggregate(
            q=Sum("quantity"))["q"] or 0
        if STOCK - sold != reward.stock:
            problems.append(f"{reward.name}：入库 {STOCK}，兑出 {sold}，库存 {reward.stock}——库存不平")
    signed_up = Order.objects.active().filter(activity_id__in=plan["activities"]).count()
    return {"problems": problems, "redemptions": len(made), "unacknowledged_redemptions": unacknowledged,
            "orders": signed_up, "seats": len(plan["activities"]) * SEATS}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["prepare", "verify"])
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--plan")
    parser.add_argument("--acknowledged")
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    django.setup()
    if args.action == "prepare":
        json.dump(prepare(args.run_id), sys.stdout, ensure_ascii=False)
    else:
        with open(args.plan) as plan, open(args.acknowledged) as acknowledged:
            json.dump(verify(json.load(plan), json.load(acknowledged)), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
