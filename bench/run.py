#!/usr/bin/env python
"""Benchmark runner: `make bench` (or `python bench/run.py --scale 10 --repeat 30`).

Each scenario times real requests in this process against its floor (a bare view through the same
middleware) and prints median milliseconds and the ratio. Figures are printed, never asserted."""

import argparse
import importlib
import os
import pkgutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def median_ms(fn, repeat, warmup=3):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


class QueryCounter:
    """Counts SQL statements through an execute wrapper (works with DEBUG off)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def count_queries(fn):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = fn()
    return counter.count, result


class Context:
    def __init__(self, scale, repeat):
        self.scale = scale
        self.repeat = repeat

    def time(self, fn):
        return median_ms(fn, self.repeat)

    count_queries = staticmethod(count_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10, help="seed_demo scale (3,000 members each)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per figure (median is reported)")
    parser.add_argument("--only", help="run only scenarios whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=args.scale, verbosity=0, stdout=open(os.devnull, "w"))
    print(f"数据准备：scale={args.scale}，用时 {time.perf_counter() - started:.1f} 秒")

    import bench.scenarios as package

    ctx = Context(args.scale, args.repeat)
    rows = []
    for info in pkgutil.iter_modules(package.__path__):
        if args.only and args.only not in info.name:
            continue
        module = importlib.import_module(f"bench.scenarios.{info.name}")
        rows.extend(module.run(ctx))

    header = ("scenario", "median ms", "floor ms", "ratio", "queries")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    main()
