#!/usr/bin/env python3
"""Every delivered row of shipments.csv, for every shipped scenario at a short horizon: the
printed money columns add up to cost_usd to the cent, and cost_usd plus time_value_usd to
generalized_cost_usd. Usage: itemised_costs.py CORRIDOR WORKDIR SCENARIO..."""
import csv
import os
import shutil
import subprocess
import sys

PARTS = ["road_cost_usd", "rail_cost_usd", "sea_cost_usd", "fee_cost_usd", "handling_cost_usd", "empty_cost_usd"]


def cents(text):
    units, _, decimals = text.partition(".")
    assert len(decimals) == 2, text
    sign = -1 if units.startswith("-") else 1
    return sign * (abs(int(units)) * 100 + int(decimals))


def main():
    corridor, work, scenarios = sys.argv[1], sys.argv[2], sys.argv[3:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    checked = 0
    for scenario in scenarios:
        out = os.path.join(work, os.path.basename(scenario) + ".out")
        subprocess.run([corridor, "run", scenario, "--quiet", "--replications", "2", "--out", out,
                        "--set", "scenario.horizon_days=40", "--set", "scenario.warmup_days=5"],
                       check=True, stdout=subprocess.DEVNULL)
        delivered = 0
        with open(os.path.join(out, "shipments.csv"), newline="") as f:
            for row in csv.DictReader(f):
                if row["status"] != "delivered":
                    assert all(row[c] == "" for c in PARTS + ["cost_usd", "time_value_usd"]), row
                    continue
                delivered += 1
                total = sum(cents(row[c]) for c in PARTS)
                assert total == cents(row["cost_usd"]), (scenario, row)
                assert total + cents(row["time_value_usd"]) == cents(row["generalized_cost_usd"]), (scenario, row)
        assert delivered > 0, scenario
        checked += delivered
        print(f"{scenario}: {delivered} delivered rows add up")
    print(f"{checked} rows in all")


if __name__ == "__main__":
    main()
