#!/usr/bin/env python3
"""Rules compat: the same rule file's recorded series and ALERTS, Narthex vs Prometheus 3.5, on the compat data.

Rule groups evaluate at wall-clock time while the compat data is from November 2023, so neither server's
rule manager can be pointed at it. Instead each rule is turned into the query whose answer *is* what the
rule manager would write at every evaluation slot (see README.md), and /work/shared/compat/run_compat.py
runs those queries as range queries over the whole data span at the evaluation interval (plus instant
queries) against both servers on the same backfilled data. The rule file itself is also checked by both
`promtool check rules` and `narthex-tool check rules`.

Usage (from the Narthex checkout): python3 benchmarks/rules-compat/rules_compat.py [--keep-workdir]
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COMPAT = "/work/shared/compat"
INTERVAL_S = 60  # evaluation_interval of the rule group

# (kind, name, expr, for_seconds, labels)
RULES = [
    ("record", "job:http_requests:rate5m", "sum by (job) (rate(http_requests_total[5m]))", 0, {}),
    ("record", "job_code:http_requests:rate5m", "sum by (job, code) (rate(http_requests_total[5m]))", 0, {}),
    ("record", "job:up:avg", "avg by (job) (up)", 0, {}),
    ("record", "instance:queue_depth:max10m", "max_over_time(queue_depth[10m])", 0, {"source": "rules"}),
    ("alert", "InstanceDown", "up == 0", 60, {"severity": "page"}),
    ("alert", "InstanceDownLong", "up == 0", 180, {"severity": "ticket"}),
    ("alert", "HighErrorRate",
     "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.01",
     120, {}),
    ("alert", "QueueBacklog", "queue_depth > 60", 0, {"severity": "info"}),
]


def rule_yaml():
    lines = ["groups:", "  - name: compat", "    interval: %ds" % INTERVAL_S, "    rules:"]
    for kind, name, expr, for_s, labels in RULES:
        lines.append("      - %s: %s" % (kind, name))
        lines.append("        expr: '%s'" % expr.replace("'", "''"))
        if kind == "alert" and for_s:
            lines.append("        for: %ds" % for_s)
        if labels:
            lines.append("        labels:")
            for k, v in sorted(labels.items()):
                lines.append("          %s: %s" % (k, v))
    return "\n".join(lines) + "\n"


def with_labels(expr, labels):
    for k, v in sorted(labels.items()):
        expr = 'label_replace(%s, "%s", "%s", "", "")' % (expr, k, v)
    return expr


def queries():
    """One query per rule output: the recorded series, or ALERTS for alertstate firing and pending."""
    out = []
    for kind, name, expr, for_s, labels in RULES:
        if kind == "record":
            out.append("# recording rule %s" % name)
            out.append(with_labels('label_replace(%s, "__name__", "%s", "", "")' % (expr, name), labels))
            continue
        # An alert is active at slot t while expr has a result at t; it fires once it has been active for
        # `for`, i.e. at every slot t-for, ..., t (slots are INTERVAL_S apart and aligned, as the range
        # query steps are). The left-open subquery range (t - for - 1s, t] holds for/INTERVAL_S + 1 slots.
        need = for_s // INTERVAL_S + 1
        active = "count_over_time((%s)[%ds:%ds])" % (expr, for_s + 1, INTERVAL_S) if for_s else "((%s) * 0 + 1)" % expr
        base = dict(labels, alertname=name)
        firing = with_labels('label_replace((%s >= %d) * 0 + 1, "alertstate", "firing", "", "")' % (active, need), base)
        out.append("# alerting rule %s: ALERTS{alertstate=\"firing\"}" % name)
        out.append(firing)
        if for_s:
            pending = with_labels('label_replace(((%s) * 0 + 1) unless (%s >= %d), "alertstate", "pending", "", "")'
                                  % (expr, active, need), base)
            out.append("# alerting rule %s: ALERTS{alertstate=\"pending\"}" % name)
            out.append(pending)
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/tmp/compat.om")
    p.add_argument("--keep-workdir", action="store_true")
    args, rest = p.parse_known_args()
    work = tempfile.mkdtemp(prefix="rules-compat-")
    rules = os.path.join(work, "rules.yml")
    with open(rules, "w") as f:
        f.write(rule_yaml())
    qfile = os.path.join(work, "rule-queries.txt")
    with open(qfile, "w") as f:
        f.write(queries())
    print("rule file: %s; derived queries: %s" % (rules, qfile))
    peers = os.path.expanduser("~/.cache/narthex-peers/bin")
    status = 0
    for tool in ([os.path.join(peers, "promtool")], ["bin/narthex-tool"]):
        r = subprocess.run(tool + ["check", "rules", rules], capture_output=True, text=True)
        print("%s check rules: exit %d: %s" % (os.path.basename(tool[0]), r.returncode, (r.stdout + r.stderr).strip().replace("\n", " | ")))
        status |= r.returncode
    if not os.path.exists(args.data):
        subprocess.run([sys.executable, os.path.join(COMPAT, "gen_data.py"), "--out", args.data], check=True)
    # The data starts at 1700000000 (a multiple of 60s: slots align with Prometheus's rule slots of an
    # unoffset group) and lasts 6h; range query at the evaluation interval over all of it.
    start, end = 1700000000 + 600, 1700000000 + 6 * 3600
    cmd = [sys.executable, os.path.join(COMPAT, "run_compat.py"), "--queries", qfile, "--data", args.data,
           "--ranges", "%d:%d:%d" % (start, end, INTERVAL_S), "--repeat", "1"] + rest
    if args.keep_workdir:
        cmd.append("--keep-workdir")
    print("running:", " ".join(cmd))
    status |= subprocess.run(cmd).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
