#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the signet.ovh DNS modules against the classic python-ovh approach.

Runs ansible-playbook against the OVH API emulator (in this process, with an added latency per
request, like a WAN round trip), counts the API requests from the emulator's log and measures
wall time. Every scenario runs ``--repeat`` times, interleaved (repetition 1 of every scenario,
then repetition 2...); medians are reported, and each ratio is the median of the ratios paired
within one repetition. Use ``bash benchmarks/run.sh`` (it sets up the virtualenv).

Usage: python benchmarks/run.py [--quick] [--repeat N] [--sets N] [--zone-records N] [--latency S]
                                [--docs | --no-docs] [--output DIR]
       python benchmarks/run.py --zone-file-scale [N] [--docs]

``--zone-file-scale`` measures only how long a zone file of N records (default 50,000) takes to
parse and plan against a zone of as many records, and the peak memory of the process doing it
(a fresh Python process per measurement; no emulator, no Ansible run).
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import importlib
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
DOC = os.path.join(ROOT, "docs", "performance.md")
CHART = os.path.join(ROOT, "docs", "performance.png")
COLLECTIONS = os.path.join(ROOT, ".tmp", "collections")
ACCOUNT = "demo-ovh"
MARK_START = "<!-- benchmark results: start (written by benchmarks/run.py) -->"
MARK_END = "<!-- benchmark results: end -->"
SCALE_START = "<!-- zone file scale: start (written by benchmarks/run.py --zone-file-scale) -->"
SCALE_END = "<!-- zone file scale: end -->"
SCALE_LIMITS = (5.0, 200)  # seconds and MB the zone file issue allows for 50,000 records

# Request budgets of the DNS issue, with the server time known (GET /auth/time not counted).
BUDGETS = {
    "1 create": 3,
    "1 no-op rerun": 2,
    "1 change TTL": 4,
    "1 delete": 4,
}
BUDGET_CHANGED = 10  # record sets that differ in the budget check
BUDGET_SETS = 200


def emulator_module():
    """The emulator package from tests/ (not installed anywhere)."""
    tests = os.path.join(ROOT, "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    return importlib.import_module("emulator"), importlib.import_module("emulator.seed")


def a_sets(count, prefix="host", ttl=3600):
    """``count`` record sets of one A record each."""
    return [{"subdomain": "%s%03d" % (prefix, index), "type": "A", "value": ["10.%d.%d.1" % (index // 250, index % 250)], "ttl": ttl}
            for index in range(count)]


def as_api_records(sets):
    """The emulator's seed form of record sets."""
    return [{"fieldType": item["type"], "subDomain": item["subdomain"], "target": value, "ttl": item["ttl"]}
            for item in sets for value in item["value"]]


def mixed_zone(count):
    """``count`` records of various types, one per name: what a real zone looks like."""
    records = []
    for index in range(count):
        name = "n%03d" % index
        kind = index % 20
        if kind < 14:
            records.append({"fieldType": "A", "subDomain": name, "target": "10.%d.%d.2" % (index // 250, index % 250), "ttl": 3600})
        elif kind < 16:
            records.append({"fieldType": "AAAA", "subDomain": name, "target": "2001:db8::%x" % (index + 1), "ttl": 3600})
        elif kind < 18:
            records.append({"fieldType": "CNAME", "subDomain": name, "target": "n000.bench.example.", "ttl": 600})
        else:
            records.append({"fieldType": "TXT", "subDomain": name, "target": '"token-%d"' % index, "ttl": 300})
    return records


class Runner(object):
    """One emulator, one isolated HOME and one server-time cache for the whole benchmark run."""

    def __init__(self, latency, work):
        emulator, seed = emulator_module()
        self.emu = emulator.Emulator(latency=latency).start()
        self.work = work
        self.credentials = {
            "ovh_endpoint": self.emu.base_url,
            "ovh_application_key": seed.DEMO_APPLICATION_KEY,
            "ovh_application_secret": seed.DEMO_APPLICATION_SECRET,
            "ovh_consumer_key": seed.DEMO_CONSUMER_KEY,
        }
        for name in ("home", "cache", "vars"):
            os.makedirs(os.path.join(work, name))
        link = os.path.join(COLLECTIONS, "ansible_collections", "signet", "ovh")
        if not os.path.exists(link):
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(ROOT, link)
        bindir = os.path.dirname(sys.executable)
        self.playbook_command = os.path.join(bindir, "ansible-playbook")
        self.env = {
            "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
            "HOME": os.path.join(work, "home"),
            # Cold once (the user's first task), then kept for every task of this benchmark run.
            "XDG_CACHE_HOME": os.path.join(work, "cache"),
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "LANG": "C.UTF-8",
        }
        self.runs = 0

    def close(self):
        self.emu.stop()

    def zone(self, name, records=()):
        self.emu.add_zone(ACCOUNT, name, records=list(records))
        return name

    def live(self, zone):
        return self.emu.zone(ACCOUNT, zone).live_records()

    def playbook(self, playbook, zone, sets=None, extra=None):
        """Run one playbook; returns wall time and the API requests it made."""
        self.runs += 1
        variables = dict(self.credentials, bench_zone=zone, bench_sets=sets or [])
        variables.update(extra or {})
        vars_file = os.path.join(self.work, "vars", "run-%04d.json" % self.runs)
        with open(vars_file, "w") as handle:
            json.dump(variables, handle)
        command = [self.playbook_command, "-i", "localhost,", "-c", "local", os.path.join(BENCH, playbook), "-e", "@" + vars_file]
        self.emu.clear_log()
        start = time.perf_counter()
        process = subprocess.run(command, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=1800, check=False)
        wall = time.perf_counter() - start
        log = self.emu.log
        if process.returncode != 0:
            raise RuntimeError("%s failed (rc %s):\n%s%s" % (playbook, process.returncode, process.stdout[-3000:], process.stderr[-3000:]))
        errors = [entry for entry in log if entry["status"] is None or entry["status"] >= 400]
        if errors:
            raise RuntimeError("%s: API errors: %s" % (playbook, [(e["method"], e["path"], e["status"]) for e in errors[:5]]))
        refresh = sum(1 for entry in log if entry["method"] == "POST" and entry["path"].endswith("/refresh"))
        writes = sum(1 for entry in log if entry["method"] in ("POST", "PUT", "DELETE")) - refresh
        auth_time = sum(1 for entry in log if entry["path"] == "/auth/time")
        return {
            "wall": wall,
            "requests": len(log),
            "auth_time": auth_time,
            "reads": len(log) - writes - refresh - auth_time,
            "batch_reads": sum(1 for entry in log if entry["batch"]),
            "writes": writes,
            "refresh": refresh,
        }


def check(condition, message):
    if not condition:
        raise RuntimeError("benchmark self-check failed: " + message)


def repetition(runner, rep, options):
    """Every scenario once, each on a fresh zone. Returns {row key: measurement}."""
    out = {}
    sets = a_sets(options.sets)

    # 1. One record set, ours and the classic module, each step its own ansible-playbook run.
    www = {"subdomain": "www", "type": "A", "value": ["192.0.2.10"], "ttl": 3600}
    steps = (("create", [www]), ("no-op rerun", [www]), ("change TTL", [dict(www, ttl=7200)]),
             ("delete", [{"subdomain": "www", "type": "A", "state": "absent"}]))
    for label, playbook in (("1", "loop_record.yml"), ("1c", "loop_classic.yml")):
        zone = runner.zone("s%s-r%d.bench.example" % (label, rep))
        for step, items in steps:
            out["%s %s" % (label, step)] = runner.playbook(playbook, zone, items)
        check(not runner.live(zone), "scenario %s left records behind" % label)
    check(out["1 no-op rerun"]["writes"] == 0 and out["1c no-op rerun"]["writes"] == 0, "a no-op rerun wrote")

    # 2, 3, 4: the same record sets, created then the same playbook again.
    for label, playbook in (("2", "loop_record.yml"), ("3", "records.yml"), ("4", "loop_classic.yml")):
        zone = runner.zone("s%s-r%d.bench.example" % (label, rep))
        out["%s first run" % label] = runner.playbook(playbook, zone, sets)
        check(len(runner.live(zone)) == len(sets), "scenario %s did not create every set" % label)
        out["%s rerun" % label] = runner.playbook(playbook, zone, sets)
        check(out["%s rerun" % label]["writes"] + out["%s rerun" % label]["refresh"] == 0, "scenario %s rerun wrote" % label)

    # 5. A zone of N records read whole: ours (batches) and python-ovh (one GET per record).
    zone = runner.zone("s5-r%d.bench.example" % rep, mixed_zone(options.zone_records))
    extra = {"bench_expected_records": options.zone_records}
    out["5 ovh_dns_record_info"] = runner.playbook("info.yml", zone, extra=extra)
    out["5 python-ovh GET per record"] = runner.playbook("info_classic.yml", zone, extra=extra)

    # Budget check: 200 sets of which 10 differ, one ovh_dns_records task.
    existing = a_sets(BUDGET_SETS, prefix="b")
    wanted = [dict(item, value=["192.0.2.%d" % (index + 1)]) if index % (BUDGET_SETS // BUDGET_CHANGED) == 0 else item
              for index, item in enumerate(existing)]
    zone = runner.zone("s6-r%d.bench.example" % rep, as_api_records(existing))
    out["6 200 sets, 10 differ"] = runner.playbook("records.yml", zone, wanted)
    return out


SCENARIOS = [
    # key, sets managed, description
    ("1 create", 1, "1. one set (`ovh_dns_record`): create"),
    ("1 no-op rerun", 1, "1. one set: no-op rerun"),
    ("1 change TTL", 1, "1. one set: change TTL"),
    ("1 delete", 1, "1. one set: delete"),
    ("1c create", 1, "1c. one set, classic python-ovh: create"),
    ("1c no-op rerun", 1, "1c. one set, classic: no-op rerun"),
    ("1c change TTL", 1, "1c. one set, classic: change TTL"),
    ("1c delete", 1, "1c. one set, classic: delete"),
    ("2 first run", "sets", "2. N sets, `loop:` over `ovh_dns_record`: first run"),
    ("2 rerun", "sets", "2. N sets, `loop:` over `ovh_dns_record`: rerun"),
    ("3 first run", "sets", "3. N sets, one `ovh_dns_records` task: first run"),
    ("3 rerun", "sets", "3. N sets, one `ovh_dns_records` task: rerun"),
    ("4 first run", "sets", "4. N sets, `loop:` over classic python-ovh module: first run"),
    ("4 rerun", "sets", "4. N sets, `loop:` over classic python-ovh module: rerun"),
    ("5 ovh_dns_record_info", "zone", "5. zone of M records, `ovh_dns_record_info`"),
    ("5 python-ovh GET per record", "zone", "5. zone of M records, python-ovh GET per record"),
    ("6 200 sets, 10 differ", BUDGET_SETS, "budget: 200 sets, 10 differ, `ovh_dns_records`"),
]

RATIOS = [
    # name, numerator key, denominator key, target (numerator / denominator at least)
    ("time: scenario 4 / scenario 3, first run", "4 first run", "3 first run", 10),
    ("time: scenario 4 / scenario 3, rerun", "4 rerun", "3 rerun", 10),
    ("time: scenario 2 / scenario 3, first run", "2 first run", "3 first run", 5),
    ("time: scenario 2 / scenario 3, rerun", "2 rerun", "3 rerun", 5),
    ("time: scenario 4 / scenario 2, first run", "4 first run", "2 first run", 1),
    ("time: scenario 4 / scenario 2, rerun", "4 rerun", "2 rerun", 1),
    ("time: python-ovh / ovh_dns_record_info (scenario 5)", "5 python-ovh GET per record", "5 ovh_dns_record_info", 5),
]
REQUEST_RATIOS = [
    ("requests: scenario 4 / scenario 2, first run", "4 first run", "2 first run", 1),
    ("requests: scenario 4 / scenario 2, rerun", "4 rerun", "2 rerun", 1),
    ("requests: python-ovh / ovh_dns_record_info (scenario 5)", "5 python-ovh GET per record", "5 ovh_dns_record_info", 20),
]


def summarize(reps, options):
    """Medians per row, paired ratios, budget checks."""
    rows = []
    for key, sets, label in SCENARIOS:
        count = options.sets if sets == "sets" else options.zone_records if sets == "zone" else sets
        walls = [rep[key]["wall"] for rep in reps]
        requests = [rep[key]["requests"] for rep in reps]
        median = dict((field, statistics.median(rep[key][field] for rep in reps))
                      for field in ("requests", "auth_time", "reads", "batch_reads", "writes", "refresh"))
        rows.append(dict(median, key=key, label=label.replace("N sets", "%d sets" % options.sets).replace("M records", "%d records" % options.zone_records),
                         sets=count, wall=statistics.median(walls), wall_min=min(walls), wall_max=max(walls),
                         requests_min=min(requests), requests_max=max(requests),
                         per_set=statistics.median(r / float(count) for r in requests)))
    ratios = []
    for name, top, bottom, target in RATIOS:
        paired = [rep[top]["wall"] / rep[bottom]["wall"] for rep in reps]
        ratios.append({"name": name, "value": statistics.median(paired), "min": min(paired), "max": max(paired), "target": target})
    for name, top, bottom, target in REQUEST_RATIOS:
        paired = [rep[top]["requests"] / float(rep[bottom]["requests"]) for rep in reps]
        ratios.append({"name": name, "value": statistics.median(paired), "min": min(paired), "max": max(paired), "target": target})
    budgets = []
    for key, budget in BUDGETS.items():
        worst = max(rep[key]["requests"] - rep[key]["auth_time"] for rep in reps)
        budgets.append({"name": "one set: " + key.split(" ", 1)[1], "budget": "at most %d" % budget, "measured": worst, "met": worst <= budget})
    for key, label, limit in (("2 first run", "loop, per task creating a set", 3), ("2 rerun", "loop, per task with nothing to change", 2)):
        worst = max((rep[key]["requests"] - rep[key]["auth_time"]) / float(options.sets) for rep in reps)
        budgets.append({"name": label, "budget": "at most %d" % limit, "measured": round(worst, 2), "met": worst <= limit})
    key = "6 200 sets, 10 differ"
    shapes = set((rep[key]["reads"], rep[key]["writes"], rep[key]["refresh"]) for rep in reps)
    budgets.append({"name": "200 sets, 10 differ (reads, writes, refresh)", "budget": "5, 10, 1",
                    "measured": "; ".join("%d, %d, %d" % shape for shape in sorted(shapes)), "met": shapes == set([(5, 10, 1)])})
    return rows, ratios, budgets


def machine():
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "n/a"
    try:
        ansible = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible"), "--version"],
                                 capture_output=True, text=True, check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        ansible = "ansible (unknown version)"
    try:
        python_ovh = importlib.metadata.version("ovh")
    except importlib.metadata.PackageNotFoundError:
        python_ovh = "not installed"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "load_before": load,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ansible": ansible,
        "python_ovh": python_ovh,
    }


def markdown(result):
    meta, options = result["machine"], result["options"]
    lines = [
        "Measured %s on %d cores (load average before the run: %s), %s, Python %s, %s, python-ovh %s." % (
            meta["date"], meta["cores"], meta["load_before"], meta["platform"], meta["python"], meta["ansible"], meta["python_ovh"]),
        "Emulator latency %d ms per request; %d repetitions, %d record sets, zone of %d records; whole benchmark %.0f s." % (
            options["latency"] * 1000, options["repeat"], options["sets"], options["zone_records"], result["elapsed"]),
        "",
        "| scenario | wall time, median (min-max) | requests | of which `/auth/time` | reads (batch) | writes | refresh | requests per set |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        spread = "" if row["wall_min"] == row["wall_max"] else " (%.2f-%.2f)" % (row["wall_min"], row["wall_max"])
        requests = "%g" % row["requests"] if row["requests_min"] == row["requests_max"] else "%g (%d-%d)" % (
            row["requests"], row["requests_min"], row["requests_max"])
        lines.append("| %s | %.2f s%s | %s | %g | %g (%g) | %g | %g | %.2f |" % (
            row["label"], row["wall"], spread, requests, row["auth_time"], row["reads"], row["batch_reads"], row["writes"], row["refresh"], row["per_set"]))
    lines += ["", "| ratio (median of the ratios within each repetition) | measured (min-max) | target | met |", "|---|---:|---:|---|"]
    for ratio in result["ratios"]:
        lines.append("| %s | %.1f× (%.1f-%.1f) | %s | %s |" % (
            ratio["name"], ratio["value"], ratio["min"], ratio["max"], "more than 1×" if ratio["target"] == 1 else "at least %d×" % ratio["target"],
            "yes" if (ratio["value"] > 1 if ratio["target"] == 1 else ratio["value"] >= ratio["target"]) else "**no**"))
    lines += ["", "| request budget (server time known, `/auth/time` not counted) | budget | measured (worst repetition) | met |", "|---|---:|---:|---|"]
    for budget in result["budgets"]:
        lines.append("| %s | %s | %s | %s |" % (budget["name"], budget["budget"], budget["measured"], "yes" if budget["met"] else "**no**"))
    return "\n".join(lines) + "\n"


def chart(result, path):
    """Wall time and requests per set, one bar per scenario row."""
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    rows = [row for row in result["rows"] if not row["key"].startswith("1c") and not row["key"].startswith("6")]
    labels = [row["label"].split(". ", 1)[-1].replace("`", "") for row in rows]
    colors = ["#9e9e9e" if ("classic" in row["label"] or "python-ovh" in row["label"]) else "#1f6fb4" for row in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 6.5), sharey=True)
    positions = list(range(len(rows)))[::-1]
    left.barh(positions, [row["wall"] for row in rows], color=colors)
    left.set_xscale("log")
    left.set_xlabel("wall time, seconds (median, log scale)")
    for position, row in zip(positions, rows):
        left.text(row["wall"] * 1.05, position, "%.1f s" % row["wall"], va="center", fontsize=8)
    right.barh(positions, [row["per_set"] for row in rows], color=colors)
    right.set_xscale("log")
    right.set_xlabel("API requests per record set (log scale)")
    for position, row in zip(positions, rows):
        right.text(row["per_set"] * 1.05, position, "%.2f" % row["per_set"], va="center", fontsize=8)
    left.set_yticks(positions)
    left.set_yticklabels(labels, fontsize=8)
    left.set_xlim(right=max(row["wall"] for row in rows) * 3)
    right.set_xlim(right=max(row["per_set"] for row in rows) * 3)
    meta, options = result["machine"], result["options"]
    figure.suptitle("signet.ovh (blue) vs classic python-ovh modules (grey): emulator + %d ms per request, %d cores, %s" % (
        options["latency"] * 1000, meta["cores"], meta["date"][:10]), fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def write_doc(text, start=MARK_START, end=MARK_END):
    with open(DOC) as handle:
        doc = handle.read()
    if start not in doc or end not in doc:
        raise RuntimeError("%s has no results markers" % DOC)
    head, rest = doc.split(start, 1)
    tail = rest.split(end, 1)[1]
    with open(DOC, "w") as handle:
        handle.write(head + start + "\n" + text + end + tail)


def scale_zone(count):
    """A zone file of ``count`` records (A, AAAA, CNAME, TXT, MX: one set per name) and the zone as
    the API holds it, where one record in 50 differs, one in 100 is missing and one in 100 is extra."""
    lines, api = ["$ORIGIN scale.example.", "$TTL 3600"], []
    kinds = (("A", lambda i: "192.0.%d.%d" % (i // 250 % 256, i % 250 + 1)),
             ("AAAA", lambda i: "2001:db8::%x" % i),
             ("CNAME", lambda i: "h%06d.scale.example." % (i - 2)),
             ("TXT", lambda i: '"v=spf1 ip4:192.0.2.%d -all" "record %d"' % (i % 250, i)),
             ("MX", lambda i: "10 mx%d.scale.example." % (i % 7)))
    for index in range(count):
        field_type, target = kinds[index % len(kinds)]
        name, value = "h%06d" % index, target(index)
        lines.append("%s IN %s %s" % (name, field_type, value))
        if index % 100 == 1:
            continue  # missing from the zone: a creation
        if index % 50 == 0 and field_type == "A":
            value = "198.51.100.%d" % (index % 250)  # differs: an update
        api.append({"id": index + 1, "subDomain": name, "fieldType": field_type, "target": value, "ttl": 0})
    for extra in range(count // 100):
        api.append({"id": count + extra + 1, "subDomain": "old%05d" % extra, "fieldType": "A", "target": "203.0.113.1", "ttl": 0})
    return "\n".join(lines) + "\n", api


def scale_child(count):
    """In a fresh process: parse and plan, print the measures as JSON."""
    import resource  # pylint: disable=import-outside-toplevel
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    module = importlib.import_module("ansible_collections.signet.ovh.plugins.modules.ovh_dns_records")
    zonefile = importlib.import_module("ansible_collections.signet.ovh.plugins.module_utils.zonefile")
    text, api = scale_zone(count)
    by_id = dict((record["id"], record) for record in api)

    class Client(object):
        """The zone as read_records() and read_default_ttl() get it, without HTTP."""

        def get(self, path, query=None, shape=None):
            return {"ttl": 3600} if path.endswith("/soa") else sorted(by_id)

        def get_many(self, path, ids, shape=None):
            return dict((record_id, by_id[record_id]) for record_id in ids)

    class Module(object):
        params = {"ignore": [], "max_update_percent": 100, "max_delete_percent": 100}

        def warn(self, text):
            pass

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    zone_file = zonefile.parse_zone_file(text, "scale.example", "scale.zone")
    parsed = dict((key, (index, file_set.values, dict(subdomain=key[0], type=key[1], ttl=file_set.ttl, state="present", on_existing="replace")))
                  for index, (key, file_set) in enumerate(sorted(zone_file.sets.items(), key=lambda entry: entry[1].line)))
    parse, parse_cpu = time.perf_counter() - started, time.process_time() - cpu
    plans, changes, pruned, listed = module.plan_zone(Module(), Client(), "scale.example", parsed, zone_file, True)
    plan, plan_cpu = time.perf_counter() - started - parse, time.process_time() - cpu - parse_cpu
    counts = dict((method, sum(1 for change in changes if change.method == method)) for method in ("POST", "PUT", "DELETE"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": count, "parse": parse, "plan": plan, "parse_cpu": parse_cpu, "plan_cpu": plan_cpu,
                      "peak_mb": peak / 1024.0, "baseline_mb": baseline / 1024.0, "writes": counts, "sets": listed}))


def zone_file_scale(count, docs):
    """Three fresh processes; the median of each measure."""
    runs = []
    for dummy in range(3):
        answer = subprocess.run([sys.executable, os.path.abspath(__file__), "--zone-file-child", str(count)],
                                capture_output=True, text=True, check=True)
        runs.append(json.loads(answer.stdout.strip().splitlines()[-1]))
    meta = machine()
    median = dict((key, statistics.median(run[key] for run in runs))
                  for key in ("parse", "plan", "parse_cpu", "plan_cpu", "peak_mb", "baseline_mb"))
    total, total_cpu = median["parse"] + median["plan"], median["parse_cpu"] + median["plan_cpu"]
    text = "\n".join([
        "Measured %s on %d cores (load average before: %s), Python %s; 3 fresh processes, medians." % (
            meta["date"], meta["cores"], meta["load_before"], meta["python"]),
        "",
        "| zone file of %d records against a zone of as many (%d creations, %d updates, %d deletions) | wall time | CPU time | limit | met |" % (
            count, runs[0]["writes"]["POST"], runs[0]["writes"]["PUT"], runs[0]["writes"]["DELETE"]),
        "|---|---:|---:|---:|---|",
        "| parse (dnspython and the checks of every record) | %.2f s | %.2f s | | |" % (median["parse"], median["parse_cpu"]),
        "| plan (sets, prune, CNAME rules, order, thresholds) | %.2f s | %.2f s | | |" % (median["plan"], median["plan_cpu"]),
        "| parse and plan (the limit is checked on CPU time) | %.2f s | %.2f s | %.0f s | %s |" % (
            total, total_cpu, SCALE_LIMITS[0], "yes" if total_cpu < SCALE_LIMITS[0] else "**no**"),
        "| peak memory of the process (of which %.0f MB before the parse: Python, Ansible's module_utils, dnspython) | %.0f MB | | %d MB | %s |" % (
            median["baseline_mb"], median["peak_mb"], SCALE_LIMITS[1], "yes" if median["peak_mb"] < SCALE_LIMITS[1] else "**no**"),
        "",
    ])
    print(text)
    if docs:
        write_doc(text, SCALE_START, SCALE_END)
        print("written: %s" % DOC)
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--zone-file-child"]:
        scale_child(int(argv[1]))
        return 0
    if argv[:1] == ["--zone-file-scale"]:
        count = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 50000
        return zone_file_scale(count, "--docs" in argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="sanity mode: 1 repetition, 10 sets, zone of 60 records")
    parser.add_argument("--repeat", type=int, help="repetitions of every scenario (default 3)")
    parser.add_argument("--sets", type=int, help="record sets of scenarios 2-4 (default 100)")
    parser.add_argument("--zone-records", type=int, help="records of the zone of scenario 5 (default 500)")
    parser.add_argument("--latency", type=float, default=0.03, help="seconds the emulator adds to every request (default 0.03)")
    parser.add_argument("--docs", dest="docs", action="store_true", default=None,
                        help="write the table into docs/performance.md and the chart to docs/performance.png (default without --quick)")
    parser.add_argument("--no-docs", dest="docs", action="store_false")
    parser.add_argument("--output", help="directory for results.json, results.md and chart.png (default .tmp/benchmark/<date>)")
    options = parser.parse_args(argv)
    options.repeat = options.repeat or (1 if options.quick else 3)
    options.sets = options.sets or (10 if options.quick else 100)
    options.zone_records = options.zone_records or (60 if options.quick else 500)
    if options.docs is None:
        options.docs = not options.quick
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = options.output or os.path.join(ROOT, ".tmp", "benchmark", stamp)
    os.makedirs(output, exist_ok=True)
    work = tempfile.mkdtemp(prefix="signet-ovh-bench.")

    result = {"machine": machine(), "options": {"repeat": options.repeat, "sets": options.sets,
                                                "zone_records": options.zone_records, "latency": options.latency}}
    started = time.perf_counter()
    runner = Runner(options.latency, work)
    reps = []
    try:
        for rep in range(1, options.repeat + 1):
            print("== repetition %d/%d" % (rep, options.repeat), flush=True)
            measured = repetition(runner, rep, options)
            for key, value in measured.items():
                print("  %-32s %7.2f s %5d requests (%d /auth/time)" % (key, value["wall"], value["requests"], value["auth_time"]), flush=True)
            reps.append(measured)
    finally:
        runner.close()
        shutil.rmtree(work, ignore_errors=True)
    result["elapsed"] = time.perf_counter() - started
    result["repetitions"] = reps
    result["rows"], result["ratios"], result["budgets"] = summarize(reps, options)
    text = markdown(result)
    with open(os.path.join(output, "results.json"), "w") as handle:
        json.dump(result, handle, indent=1)
    with open(os.path.join(output, "results.md"), "w") as handle:
        handle.write(text)
    chart(result, os.path.join(output, "chart.png"))
    print()
    print(text)
    if options.docs:
        write_doc(text)
        shutil.copyfile(os.path.join(output, "chart.png"), CHART)
        print("written: %s, %s" % (DOC, CHART))
    print("results: %s" % output)
    missed = [ratio["name"] for ratio in result["ratios"] if not (ratio["value"] > 1 if ratio["target"] == 1 else ratio["value"] >= ratio["target"])]
    missed += [budget["name"] for budget in result["budgets"] if not budget["met"]]
    if missed:
        print("targets missed: %s" % "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
