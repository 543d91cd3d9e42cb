"""Tandem chain in SimPy: truck -> border -> gauge-change yard -> scheduled train -> port.
Mirrors bench/scenarios/tandem.yaml.

1-TEU trucks arrive Poisson (lambda = 4/h) at A, drive A->B (2 h), pass the border post
(5 servers, FIFO, exponential mean 1 h), drive B->Y (1 h), pass the gauge-change yard (3 servers,
FIFO, exponential mean 0.5 h) and wait at Y. Trains leave Y every 6 h from t = 0, taking up to
100 waiting TEU in FIFO order (leaving even if empty), run Y->P in 10 h, then queue FIFO for the
single port berth (0.05 h per TEU on board); the TEU are delivered when the berth finishes.
Trains keep departing until every TEU is delivered.
    /usr/bin/python3 tandem.py [N=1000000] [SEED=1]
"""
import time

import simpy

from common import args, check, erlang_c_wait, report, run, serve, stream

LAMBDA = 4.0
AB_H, BY_H, YP_H = 2.0, 1.0, 10.0
BORDER_SERVERS, BORDER_MEAN_H = 5, 1.0
YARD_SERVERS, YARD_MEAN_H = 3, 0.5
HEADWAY_H, TRAIN_CAPACITY, PORT_H_PER_TEU = 6.0, 100, 0.05


class Stats:
    border_wait_h = yard_wait_h = train_wait_h = transit_h = 0.0
    delivered = 0


def truck(env, border, yard, waiting, border_rng, yard_rng, stats):
    created = env.now
    yield env.timeout(AB_H)
    wait = yield from serve(env, border, border_rng, BORDER_MEAN_H)
    stats.border_wait_h += wait
    yield env.timeout(BY_H)
    wait = yield from serve(env, yard, yard_rng, YARD_MEAN_H)
    stats.yard_wait_h += wait
    yield waiting.put((created, env.now))  # the TEU now waits at Y for a train


def train(env, teus, port, stats):
    yield env.timeout(YP_H)
    with port.request() as req:
        yield req
        yield env.timeout(PORT_H_PER_TEU * len(teus))
    for created, _ in teus:
        stats.transit_h += env.now - created
    stats.delivered += len(teus)


def timetable(env, n, waiting, port, stats):
    while stats.delivered < n:
        teus = []
        for _ in range(min(len(waiting.items), TRAIN_CAPACITY)):
            teu = yield waiting.get()
            stats.train_wait_h += env.now - teu[1]
            teus.append(teu)
        env.process(train(env, teus, port, stats))
        yield env.timeout(HEADWAY_H)


def source(env, n, border, yard, waiting, rngs, stats):
    arrival_rng, border_rng, yard_rng = rngs
    for _ in range(n):
        yield env.timeout(arrival_rng.expovariate(LAMBDA))
        env.process(truck(env, border, yard, waiting, border_rng, yard_rng, stats))


def main():
    n, seed = args()
    start = time.perf_counter()
    env = simpy.Environment()
    border = simpy.Resource(env, capacity=BORDER_SERVERS)
    yard = simpy.Resource(env, capacity=YARD_SERVERS)
    port = simpy.Resource(env, capacity=1)
    waiting = simpy.Store(env)
    stats = Stats()
    rngs = [stream(seed, i) for i in range(3)]
    env.process(source(env, n, border, yard, waiting, rngs, stats))
    env.process(timetable(env, n, waiting, port, stats))
    events = run(env)
    wall_s = time.perf_counter() - start

    border_wait = stats.border_wait_h / n
    report("tandem", n, events, wall_s, border_wait, stats.transit_h / stats.delivered)
    check("border wait vs Erlang C", border_wait, erlang_c_wait(BORDER_SERVERS, LAMBDA, BORDER_MEAN_H))
    check("yard wait vs Erlang C", stats.yard_wait_h / n, erlang_c_wait(YARD_SERVERS, LAMBDA, YARD_MEAN_H))
    check("train wait vs H/2", stats.train_wait_h / n, HEADWAY_H / 2)


if __name__ == "__main__":
    main()
