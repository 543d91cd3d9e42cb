"""Shared helpers for the SimPy reference benchmarks (mmc.py, tandem.py)."""
import random
import resource
import sys

import simpy


def args():
    """Return (N, SEED) from argv: [N=1000000] [SEED=1]; N may be written as 1e6."""
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if n < 1:
        sys.exit(f"usage: {sys.argv[0]} [N=1000000, at least 1] [SEED=1]")
    return n, seed


def stream(seed, index):
    """Independent, deterministic random stream `index` for a given seed."""
    return random.Random(f"corridor-{seed}-{index}")


def run(env):
    """Run env to exhaustion with env.step(), returning the number of events processed."""
    events = 0
    try:
        while True:
            env.step()
            events += 1
    except simpy.core.EmptySchedule:
        return events


def serve(env, station, rng, mean_h):
    """Queues for a server of `station` (a simpy.Resource), is served for an exponential time
    of mean `mean_h`, and returns the wait in queue: `wait = yield from serve(...)` (not
    `total += yield from ...`, which reads `total` before the process suspends)."""
    queued = env.now
    with station.request() as req:
        yield req
        wait = env.now - queued
        yield env.timeout(rng.expovariate(1 / mean_h))
    return wait


def erlang_c_wait(c, lam, mean_service):
    """Mean wait in queue of an M/M/c queue (Erlang C)."""
    a = lam * mean_service
    term = total = 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c / (1 - a / c)
    return last / (total + last) / (c / mean_service - lam)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(model, units, events, wall_s, mean_wait_h, mean_transit_h):
    print(f"model={model} impl=simpy units={units} events={events} wall_s={wall_s:.3f} "
          f"peak_rss_mb={peak_rss_mb():.1f} mean_wait_h={mean_wait_h:.4f} "
          f"mean_transit_h={mean_transit_h:.4f}")


def check(name, got, expected):
    print(f"# {name}: {got:.4f} h, expected {expected:.4f} h, rel diff {(got - expected) / expected:+.2%}")
