#!/usr/bin/env python3
"""Checks the provisioned Grafana dashboards (standard library only).

Every dashboard must be valid JSON in Grafana 11's model (schemaVersion 39 or later), and every
panel must name the provisioned datasource (uid `prometheus`) and carry at least one PromQL
target. The overview must show the integration guide's three queries verbatim (whitespace
normalised) and the Kafka dashboard its lag, throughput, DLQ and client metrics.

    python3 ops/grafana/check_dashboards.py [--emit-rules FILE] [DASHBOARD.json ...]

--emit-rules writes every panel expression as a recording rule, so that
`promtool check rules FILE` parses the PromQL too (Grafana's $__ variables are replaced first).
"""
import argparse
import glob
import json
import os
import re
import sys

DATASOURCE_UID = "prometheus"
MIN_SCHEMA_VERSION = 39
HERE = os.path.dirname(os.path.abspath(__file__))

# integration-guide.es.md, "Dashboard Grafana (Queries)".
GUIDE_QUERIES = {
    "Latencia p90": "histogram_quantile(0.90, rate(orchestrator_latency_ms_bucket[5m]))",
    "Error rate": "rate(orchestrator_errors_total[5m]) / rate(orchestrator_requests_total[5m])",
    "SLM vs Legacy": "sum by (route) (rate(orchestrator_requests_total[5m]))",
}

# What each dashboard must show, as fragments of its expressions.
REQUIRED = {
    "pulpo-overview": {
        "requests by route": "orchestrator_requests_total",
        "errors by route": "orchestrator_errors_total",
        "p50": "histogram_quantile(0.50,",
        "p90": "histogram_quantile(0.90,",
        "p99": "histogram_quantile(0.99,",
        "canary flag": "orchestrator_canary_percent",
        "model calls": "orchestrator_model_calls_total",
        "model latency": "orchestrator_model_latency_ms_bucket",
        "confidence": "orchestrator_confidence_sum",
        "actions per turn": "orchestrator_actions_per_turn",
        "policy checks": "orchestrator_policy_checks_total",
        "policy denials": "orchestrator_policy_denials_total",
        "fallbacks": "orchestrator_fallbacks_total",
        "tools by status": "tool_calls_total",
        "outbound sends": "outbound_sends_total",
        "circuit breakers": "resilience4j_circuitbreaker_state",
    },
    "pulpo-kafka": {
        "lag by group and topic": "sum by (consumergroup, topic) (kafka_consumergroup_lag)",
        "throughput per topic": "rate(kafka_topic_partition_current_offset",
        "DLQ topics": '{topic=~".+[.]dlq"}',
        "consumer client lag": "kafka_consumer_fetch_manager_records_lag_max",
        "Streams client metrics": "kafka_stream_",
    },
}

GRAFANA_VARIABLES = {
    "$__rate_interval": "5m",
    "$__interval": "1m",
    "$__range": "1h",
}


def normalise(expr):
    return " ".join(expr.split()).replace("( ", "(").replace(" )", ")")


def iter_panels(panels):
    for panel in panels:
        yield panel
        yield from iter_panels(panel.get("panels", []))


def balanced(expr):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack, quote = [], None
    for ch in expr:
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'`":
            quote = ch
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack and quote is None


def check_dashboard(path, errors):
    """Returns (uid, [(panel title, panel id, refId, expr)]) and appends problems to errors."""
    name = os.path.basename(path)

    def fail(msg):
        errors.append(f"{name}: {msg}")

    try:
        with open(path, encoding="utf-8") as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"not valid JSON: {e}")
        return None, []

    uid, title = dash.get("uid"), dash.get("title")
    if not uid or not isinstance(uid, str):
        fail("has no uid")
    if not title:
        fail("has no title")
    if dash.get("id") is not None:
        fail("has a fixed id: provisioned dashboards must leave id null")
    schema = dash.get("schemaVersion")
    if not isinstance(schema, int) or schema < MIN_SCHEMA_VERSION:
        fail(f"schemaVersion {schema!r} is older than {MIN_SCHEMA_VERSION} (Grafana 11)")

    panels = list(iter_panels(dash.get("panels", [])))
    if not panels:
        fail("has no panels")
    exprs, ids, boxes = [], set(), []
    for panel in panels:
        pid, ptitle = panel.get("id"), panel.get("title") or "(untitled)"
        where = f"panel {pid} {ptitle!r}"
        if not isinstance(pid, int) or pid in ids:
            fail(f"{where}: id missing or not unique")
        ids.add(pid)
        if not panel.get("title"):
            fail(f"{where}: has no title")
        ds = panel.get("datasource")
        if not isinstance(ds, dict) or ds.get("uid") != DATASOURCE_UID:
            fail(f"{where}: datasource must be {{\"uid\": \"{DATASOURCE_UID}\"}}, is {ds!r}")
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("x", "y", "w", "h")):
            fail(f"{where}: gridPos needs integer x, y, w, h")
        elif grid["x"] < 0 or grid["w"] < 1 or grid["x"] + grid["w"] > 24:
            fail(f"{where}: gridPos is outside the 24 columns")
        else:
            box = (grid["x"], grid["y"], grid["x"] + grid["w"], grid["y"] + grid["h"])
            for other_where, other in boxes:
                if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                    fail(f"{where}: overlaps {other_where}")
            boxes.append((where, box))
        targets = panel.get("targets") or []
        if not targets:
            fail(f"{where}: has no targets")
        refs = set()
        for target in targets:
            ref = target.get("refId")
            expr = target.get("expr")
            if not ref or ref in refs:
                fail(f"{where}: target refId missing or repeated")
            refs.add(ref)
            tds = target.get("datasource")
            if tds is not None and (not isinstance(tds, dict) or tds.get("uid") != DATASOURCE_UID):
                fail(f"{where} target {ref}: datasource must be uid {DATASOURCE_UID}, is {tds!r}")
            if not isinstance(expr, str) or not expr.strip():
                fail(f"{where} target {ref}: has no expr")
                continue
            if not balanced(expr):
                fail(f"{where} target {ref}: unbalanced brackets or quotes in {expr!r}")
            exprs.append((ptitle, pid, ref, expr))
    return uid, exprs


def emit_rules(path, collected):
    lines = [
        "# Generated by ops/grafana/check_dashboards.py: every dashboard expression as a",
        "# recording rule, only for `promtool check rules` to parse the PromQL.",
        "groups:",
    ]
    for uid, exprs in collected:
        lines.append(f"  - name: grafana-{uid}")
        lines.append("    rules:")
        for _, pid, ref, expr in exprs:
            for var, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(var, value)
            record = "grafana_check:" + re.sub(r"[^a-zA-Z0-9_]", "_", uid) + f":panel{pid}_{ref}"
            lines.append(f"      - record: {record}")
            lines.append(f"        expr: {json.dumps(expr, ensure_ascii=False)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dashboards", nargs="*")
    parser.add_argument("--emit-rules", metavar="FILE")
    args = parser.parse_args(argv)
    paths = args.dashboards or sorted(glob.glob(os.path.join(HERE, "dashboards", "*.json")))

    errors, collected, uids = [], [], {}
    for path in paths:
        uid, exprs = check_dashboard(path, errors)
        if uid is None:
            continue
        if uid in uids:
            errors.append(f"{os.path.basename(path)}: uid {uid!r} is also used by {uids[uid]}")
        uids[uid] = os.path.basename(path)
        collected.append((uid, exprs))

    by_uid = dict(collected)
    for uid, wanted in REQUIRED.items():
        if uid not in by_uid:
            if not args.dashboards:
                errors.append(f"dashboard with uid {uid!r} is missing")
            continue
        joined = [normalise(e) for _, _, _, e in by_uid[uid]]
        for what, fragment in wanted.items():
            if not any(normalise(fragment) in e for e in joined):
                errors.append(f"{uid}: no panel shows {what} ({fragment})")
    if "pulpo-overview" in by_uid:
        exprs = {normalise(e) for _, _, _, e in by_uid["pulpo-overview"]}
        for title, query in GUIDE_QUERIES.items():
            if normalise(query) not in exprs:
                errors.append(f"pulpo-overview: the guide's query {title!r} is not a panel expression "
                              f"verbatim: {query}")

    if args.emit_rules:
        emit_rules(args.emit_rules, collected)

    panels = sum(len({pid for _, pid, _, _ in exprs}) for _, exprs in collected)
    targets = sum(len(exprs) for _, exprs in collected)
    if errors:
        for e in errors:
            print(f"FAIL {e}", file=sys.stderr)
        print(f"check_dashboards: {len(errors)} problem(s) in {len(paths)} dashboard(s)", file=sys.stderr)
        return 1
    print(f"check_dashboards: {len(paths)} dashboard(s), {panels} panels, {targets} queries OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
