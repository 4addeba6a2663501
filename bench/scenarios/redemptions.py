"""爱心超市 redemptions per second with 1, 4 and 16 concurrent counters on PostgreSQL, against a
bare single-row balance UPDATE at the same concurrency (the floor)."""

import threading
import time
import uuid

from django.db import connection, connections

from volunteer import scope, services
from volunteer.models import Account, EntryKind, PartyMember, PointKind, Reward, ServicePoint, Unit

PER_CLIENT = 40


def _setup():
    store = ServicePoint.objects.filter(name="基准爱心超市").first()
    if store is None:
        grid = PartyMember.objects.first().home_grid
        store = ServicePoint.objects.create(name="基准爱心超市", kind=PointKind.PRACTICE_CENTER, grid=grid, address="x")
        for i in range(3):
            Reward.objects.create(name=f"基准商品{i}", points_price=1, store=store)
    for reward in store.rewards.all():
        services.restock(reward, 100_000, user=scope.SYSTEM, key=f"bench-stock:{uuid.uuid4().hex}")
    members = list(PartyMember.objects.order_by("pk")[:16])
    for member in members:
        services.post(member, Unit.POINTS, 100_000, kind=EntryKind.ADJUST, source="bench", key=f"bench:{uuid.uuid4().hex}")
    return store, list(store.rewards.all()), members


def _throughput(clients, work):
    barrier = threading.Barrier(clients + 1)
    errors = []

    def run(i):
        try:
            barrier.wait()
            for n in range(PER_CLIENT):
                work(i, n)
        except Exception as error:  # a failed run must show, not vanish
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[0])
    return clients * PER_CLIENT / elapsed


def run(ctx):
    if connection.vendor != "postgresql":
        return [("兑换吞吐（需 PostgreSQL：make bench-pg）", "—", "—", "—", "—")]
    store, rewards, members = _setup()
    account_ids = list(Account.objects.filter(member__in=members, unit=Unit.POINTS).values_list("pk", flat=True))
    rows = []
    for clients in (1, 4, 16):
        def redeem(i, n):
            services.redeem(members[i], store, [(rewards[n % 3], 1)], user=scope.SYSTEM, key=uuid.uuid4().hex)

        def bare(i, n):
            with connection.cursor() as cursor:
                cursor.execute("UPDATE volunteer_account SET balance = balance + 0 WHERE id = %s", [account_ids[i]])

        per_second = _throughput(clients, redeem)
        floor = _throughput(clients, bare)
        rows.append((f"兑换/秒（{clients} 个并发收银台）", f"{per_second:.0f}/s", f"{floor:.0f}/s",
                     f"{floor / per_second:.1f}x", "—"))
    from volunteer.services.audit import audit_ledgers

    problems = audit_ledgers()
    rows.append(("兑换后 audit_ledgers", "无误" if not problems else f"{len(problems)} 处不符", "—", "—", "—"))
    return rows
