"""Faults injected while the load runs (`make loadtest LOADTEST_ARGS="--fault pg-restart"`): stop a
service a third of the way in, bring it back later, and say from the per-second timeline what the
clients saw — clean 503s or errors, and when answers were normal again.

These stop the machine's own PostgreSQL or Redis (the point is the full app under the full load):
run them when nothing else uses those servers. The run restores the service in a `finally`, even
on Ctrl-C. Redis comes back empty (`shutdown nosave`), as after a crash; scripts/faults/ does the
same faults on throw-away servers of its own."""

import os
import subprocess
import time

from bench.loadtest.driver import Outcome


def _pg_cluster():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


class Fault:
    label = ""

    def __init__(self, args):
        self.down_at = max(2, args.seconds // 3)
        self.up_at = max(self.down_at + 3, 2 * args.seconds // 3)
        self.stopped = self.started = None

    def tick(self, second):
        if second == self.down_at:
            self.stopped = second
            self.stop()
        elif second == self.up_at:
            self.start()
            self.started = second

    def restore(self):
        if self.stopped is not None and self.started is None:
            self.start()
            self.started = self.up_at

    def describe(self, results):
        timeline = results.timeline
        seconds = sorted(timeline)
        during = [s for s in seconds if self.stopped is not None and s >= self.stopped]
        bad = [s for s in during if timeline[s][Outcome.UNAVAILABLE] or timeline[s][Outcome.ERROR]]
        recovered = next((s for s in during if s > (bad[-1] if bad else -1) and timeline[s][Outcome.OK]), None)
        unavailable = sum(timeline[s][Outcome.UNAVAILABLE] for s in seconds)
        errors = sum(timeline[s][Outcome.ERROR] for s in seconds)
        ok_while_down = sum(timeline[s][Outcome.OK] for s in seconds
                            if self.stopped is not None and self.stopped <= s < (self.started or 10**9))
        return (f"{self.label}于第 {self.stopped} 秒停止、第 {self.started} 秒恢复；"
                f"期间成功应答 {ok_while_down} 个，503 共 {unavailable} 个，其他错误 {errors} 个；"
                + (f"第 {bad[0]}–{bad[-1]} 秒出现失败，" + (f"第 {recovered} 秒起恢复正常" if recovered is not None
                                                         else "结束前未恢复")
                   if bad else "始终正常应答"))


class PostgresRestart(Fault):
    label = "PostgreSQL "

    def stop(self):
        subprocess.run(_pg_cluster() + ["stop", "-m", "fast"], check=True)

    def start(self):
        subprocess.run(_pg_cluster() + ["start"], check=True)
        time.sleep(0.5)


class RedisDown(Fault):
    label = "Redis "

    def stop(self):
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)

    def start(self):
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
                        "--save", "", "--appendonly", "no"], check=True)
        time.sleep(0.5)


FAULTS = {"pg-restart": PostgresRestart, "redis-down": RedisDown}
