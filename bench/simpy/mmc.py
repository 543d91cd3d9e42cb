"""M/M/c border post in SimPy; mirrors bench/scenarios/mmc.yaml.

Trucks arrive Poisson (lambda = 4/h) at A, drive A->B (1e-3 h), queue FIFO for one of c = 5
servers at the border post (exponential service, mean 1 h), drive B->C (1e-3 h) and are delivered.
Prints the mean border wait against Erlang C (0.5541 h).
    /usr/bin/python3 mmc.py [N=1000000] [SEED=1]
"""
import time

import simpy

from common import args, check, erlang_c_wait, report, run, serve, stream

LAMBDA, SERVERS, MEAN_SERVICE_H, LINK_H = 4.0, 5, 1.0, 1e-3


class Stats:
    wait_h = transit_h = 0.0
    delivered = 0


def truck(env, border, service_rng, stats):
    created = env.now
    yield env.timeout(LINK_H)
    wait = yield from serve(env, border, service_rng, MEAN_SERVICE_H)
    stats.wait_h += wait
    yield env.timeout(LINK_H)
    stats.transit_h += env.now - created
    stats.delivered += 1


def source(env, n, border, arrival_rng, service_rng, stats):
    for _ in range(n):
        yield env.timeout(arrival_rng.expovariate(LAMBDA))
        env.process(truck(env, border, service_rng, stats))


def main():
    n, seed = args()
    start = time.perf_counter()
    env = simpy.Environment()
    border = simpy.Resource(env, capacity=SERVERS)
    stats = Stats()
    env.process(source(env, n, border, stream(seed, 0), stream(seed, 1), stats))
    events = run(env)
    wall_s = time.perf_counter() - start

    wait = stats.wait_h / stats.delivered
    report("mmc", n, events, wall_s, wait, stats.transit_h / stats.delivered)
    check("border wait vs Erlang C", wait, erlang_c_wait(SERVERS, LAMBDA, MEAN_SERVICE_H))


if __name__ == "__main__":
    main()
