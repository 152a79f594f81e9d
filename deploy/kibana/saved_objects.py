#!/usr/bin/env python3
"""Writes nsgflow-saved-objects.ndjson: nsgflow's Kibana 8.19 data views, Lens visualizations,
saved searches and dashboards, in the format of Kibana's saved-objects export (one object per line).

Edit this file, not the NDJSON: `python3 deploy/kibana/saved_objects.py` rewrites it, and the
module's test fails when the committed NDJSON differs from what this script writes.
Only the Python standard library is used.
"""
import json
import os
import sys

KIBANA_VERSION = "8.19.0"
CORE_MIGRATION_VERSION = "8.8.0"
# The migration version each type's objects are written at; Kibana migrates anything older on import.
TYPE_MIGRATION_VERSION = {"index-pattern": "8.0.0", "search": "8.0.0", "lens": "8.9.0", "dashboard": "10.2.0"}

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nsgflow-saved-objects.ndjson")

# data views: key -> (id, index pattern, name, field formats)
DATA_VIEWS = {
    "alerts": ("nsgflow-alerts", "nsgflow-alerts-*", "nsgflow alerts", {}),
    "drift": ("nsgflow-drift", "nsgflow-drift-*", "nsgflow drift findings", {}),
    "aggregates": ("nsgflow-aggregates", "nsgflow-aggregates-*", "nsgflow per-minute aggregates",
                   {"network.bytes": {"id": "bytes"}}),
    "deadletter": ("nsgflow-deadletter", "nsgflow-deadletter-*", "nsgflow dead letters", {}),
}

LATERAL = 'nsgflow.alert.type : lateral.*'
NORTH_SOUTH = 'nsgflow.aggregate.kind : "north_south"'
EAST_WEST = 'nsgflow.aggregate.kind : "east_west"'
RULE = 'nsgflow.aggregate.kind : "rule"'


def compact(value):
    """JSON text as Kibana stores it inside string attributes (panelsJSON, searchSourceJSON...)."""
    return json.dumps(value, separators=(",", ":"))


def saved_object(obj_type, obj_id, attributes, references):
    return {
        "attributes": attributes,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "id": obj_id,
        "managed": False,
        "references": references,
        "type": obj_type,
        "typeMigrationVersion": TYPE_MIGRATION_VERSION[obj_type],
    }


def data_view(key):
    view_id, pattern, name, formats = DATA_VIEWS[key]
    return saved_object("index-pattern", view_id, {
        "allowNoIndex": True,
        "fieldFormatMap": compact(formats),
        "name": name,
        "timeFieldName": "@timestamp",
        "title": pattern,
    }, [])


# ---- Lens columns: each returns (column) given the data type the field has in the index template ----

def date_histogram():
    return {"label": "@timestamp", "dataType": "date", "operationType": "date_histogram", "sourceField": "@timestamp",
            "isBucketed": True, "scale": "interval",
            "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False}}


def terms(field, data_type, label, size=10, order_by=None, secondary=None, other=True):
    params = {"size": size, "orderDirection": "desc", "otherBucket": other, "missingBucket": False,
              "parentFormat": {"id": "multi_terms" if secondary else "terms"},
              "include": [], "exclude": [], "includeIsRegex": False, "excludeIsRegex": False,
              "orderBy": {"type": "column", "columnId": order_by} if order_by else {"type": "alphabetical"}}
    if secondary:
        params["secondaryFields"] = secondary
    return {"label": label, "customLabel": True, "dataType": data_type, "operationType": "terms",
            "sourceField": field, "isBucketed": True, "scale": "ordinal", "params": params}


def filters(label, named_queries):
    return {"label": label, "customLabel": True, "dataType": "string", "operationType": "filters",
            "isBucketed": True, "scale": "ordinal",
            "params": {"filters": [{"label": n, "input": {"query": q, "language": "kuery"}} for n, q in named_queries]}}


def count(label="Count"):
    return {"label": label, "customLabel": True, "dataType": "number", "operationType": "count",
            "sourceField": "___records___", "isBucketed": False, "scale": "ratio", "params": {"emptyAsNull": True}}


def metric(op, field, label):
    """sum, max, min, average, median, unique_count of a numeric (or, for unique_count, any aggregatable) field."""
    return {"label": label, "customLabel": True, "dataType": "number", "operationType": op, "sourceField": field,
            "isBucketed": False, "scale": "ratio", "params": {"emptyAsNull": True}}


def last_value(field, data_type, label):
    return {"label": label, "customLabel": True, "dataType": data_type, "operationType": "last_value",
            "sourceField": field, "isBucketed": False, "scale": "ordinal" if data_type == "string" else "ratio",
            "params": {"sortField": "@timestamp", "showArrayValues": True}}


# ---- Lens visualizations ----

def lens(vis_id, title, description, view, visualization_type, columns, visualization, query=""):
    """columns: ordered dict of column id -> column; the order is the aggregation nesting."""
    layer_id = vis_id + "-layer"
    visualization = dict(visualization, layerId=layer_id) if "layers" not in visualization else visualization
    for layer in visualization.get("layers", []):
        layer["layerId"] = layer_id
    state = {
        "adHocDataViews": {},
        "datasourceStates": {
            "formBased": {"layers": {layer_id: {
                "columnOrder": list(columns.keys()),
                "columns": columns,
                "incompleteColumns": {},
                "sampling": 1,
            }}},
            "textBased": {"layers": {}},
        },
        "filters": [],
        "internalReferences": [],
        "query": {"language": "kuery", "query": query},
        "visualization": visualization,
    }
    return saved_object("lens", vis_id, {
        "description": description,
        "state": state,
        "title": title,
        "visualizationType": visualization_type,
    }, [{"id": DATA_VIEWS[view][0], "name": "indexpattern-datasource-layer-" + layer_id, "type": "index-pattern"}])


def xy(vis_id, title, description, view, x, ys, split=None, series="bar_stacked", query=""):
    """x: (id, column); ys: [(id, column)]; split: (id, column) or None. Breakdown first, so it nests outermost."""
    columns = {}
    if split:
        columns[split[0]] = split[1]
    columns[x[0]] = x[1]
    for y_id, y in ys:
        columns[y_id] = y
    layer = {"layerType": "data", "seriesType": series, "xAccessor": x[0], "accessors": [y for y, _ in ys],
             "palette": {"type": "palette", "name": "default"}}
    if split:
        layer["splitAccessor"] = split[0]
    visualization = {
        "legend": {"isVisible": True, "position": "right"},
        "valueLabels": "hide",
        "fittingFunction": "None",
        "preferredSeriesType": series,
        "layers": [layer],
    }
    return lens(vis_id, title, description, view, "lnsXY", columns, visualization, query)


def table(vis_id, title, description, view, rows, metrics, transposed=None, query=""):
    """rows, metrics: [(id, column)]; transposed: (id, column) split into columns (a matrix)."""
    columns = {}
    for c_id, c in rows:
        columns[c_id] = c
    if transposed:
        columns[transposed[0]] = transposed[1]
    for c_id, c in metrics:
        columns[c_id] = c
    vis_columns = [{"columnId": c_id} for c_id, _ in rows]
    if transposed:
        vis_columns.append({"columnId": transposed[0], "isTransposed": True})
    vis_columns += [{"columnId": c_id} for c_id, _ in metrics]
    visualization = {"layerType": "data", "columns": vis_columns, "rowHeight": "single", "headerRowHeight": "single"}
    return lens(vis_id, title, description, view, "lnsDatatable", columns, visualization, query)


def donut(vis_id, title, description, view, group, value, query=""):
    columns = {group[0]: group[1], value[0]: value[1]}
    visualization = {"shape": "donut", "layers": [{
        "layerType": "data", "primaryGroups": [group[0]], "metrics": [value[0]], "numberDisplay": "value",
        "categoryDisplay": "default", "legendDisplay": "default", "nestedLegend": False}]}
    return lens(vis_id, title, description, view, "lnsPie", columns, visualization, query)


def single_metric(vis_id, title, description, view, value, query=""):
    columns = {value[0]: value[1]}
    visualization = {"layerType": "data", "metricAccessor": value[0]}
    return lens(vis_id, title, description, view, "lnsMetric", columns, visualization, query)


# ---- saved searches ----

def search(search_id, title, description, view, columns, query=""):
    source = {"query": {"query": query, "language": "kuery"}, "filter": [],
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    return saved_object("search", search_id, {
        "columns": columns,
        "description": description,
        "grid": {},
        "hideChart": False,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": {"searchSourceJSON": compact(source)},
        "sort": [["@timestamp", "desc"]],
        "timeRestore": False,
        "title": title,
    }, [{"id": DATA_VIEWS[view][0], "name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern"}])


# ---- dashboards ----

def dashboard(dash_id, title, description, rows):
    """rows: list of rows, each a list of (saved object, width); a row's height is that of its tallest panel."""
    panels, references, y = [], [], 0
    for row in rows:
        x, height = 0, 0
        for obj, w, h in row:
            index = "p%d" % (len(panels) + 1)
            panels.append({
                "version": KIBANA_VERSION,
                "type": obj["type"],
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
                "panelIndex": index,
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": "panel_" + index,
            })
            references.append({"id": obj["id"], "name": index + ":panel_" + index, "type": obj["type"]})
            x += w
            height = max(height, h)
        assert x <= 48, title + ": a row wider than the 48-column grid"
        y += height
    return saved_object("dashboard", dash_id, {
        "description": description,
        "kibanaSavedObjectMeta": {"searchSourceJSON": compact({"query": {"query": "", "language": "kuery"}, "filter": []})},
        "optionsJSON": compact({"useMargins": True, "syncColors": False, "syncCursor": True,
                                   "syncTooltips": False, "hidePanelTitles": False}),
        "panelsJSON": compact(panels),
        "refreshInterval": {"pause": False, "value": 60000},
        "timeFrom": "now-24h",
        "timeRestore": True,
        "timeTo": "now",
        "title": title,
    }, references)


def objects():
    views = [data_view(k) for k in DATA_VIEWS]

    # Overview
    alerts_by_type = xy("nsgflow-overview-alerts-by-type", "Alerts over time by type",
                        "Alerts raised per interval, one colour per alert type (drift.* and lateral.*).", "alerts",
                        ("x", date_histogram()), [("n", count("Alerts"))],
                        split=("t", terms("nsgflow.alert.type", "string", "Alert type", 10, "n")))
    alerts_by_severity = xy("nsgflow-overview-alerts-by-severity", "Alerts over time by severity",
                            "Alerts raised per interval by severity (low, medium, high, critical).", "alerts",
                            ("x", date_histogram()), [("n", count("Alerts"))],
                            split=("s", terms("nsgflow.alert.severity", "string", "Severity", 5, "n")))
    drift_by_type = donut("nsgflow-overview-drift-by-type", "Drift findings by type",
                          "How the network differed from the policy: unexpected allows and denies, unknown rules, "
                          "rule mismatches.", "drift",
                          ("t", terms("nsgflow.drift.type", "string", "Drift type", 5, "n")), ("n", count("Findings")))
    top_nsgs = xy("nsgflow-overview-top-nsgs", "NSGs with the most drift",
                  "Drift findings per NSG that logged the flow.", "drift",
                  ("g", terms("nsgflow.drift.observed.nsg", "string", "NSG (as logged)", 10, "n")),
                  [("n", count("Findings"))], series="bar_horizontal")
    top_rules = table("nsgflow-overview-top-rules", "Rules with the most drift",
                      "The logged NSG and rule of drift findings, most findings first.", "drift",
                      [("g", terms("rule.ruleset", "string", "NSG", 10, "n")),
                       ("r", terms("rule.name", "string", "Rule (as logged)", 10, "n"))],
                      [("n", count("Findings"))])
    alert_count = single_metric("nsgflow-overview-alert-count", "Alerts", "Alerts in the time range.", "alerts",
                                ("n", count("Alerts")))
    high_alerts = single_metric("nsgflow-overview-high-alerts", "High and critical alerts",
                                "Alerts of severity high or critical in the time range.", "alerts",
                                ("n", count("High and critical")),
                                query='nsgflow.alert.severity : ("high" or "critical")')
    alerts_table = search("nsgflow-alerts-table", "nsgflow alerts with MITRE ATT&CK technique",
                          "Every alert, newest first, with its technique and tactic.", "alerts",
                          ["nsgflow.alert.type", "nsgflow.alert.severity", "nsgflow.alert.entity",
                           "threat.technique.id", "threat.technique.name", "threat.tactic.name", "nsgflow.alert.count",
                           "message"])
    overview = dashboard("nsgflow-overview", "nsgflow: Overview",
                         "Alerts and drift at a glance: what happened, how bad, where.",
                         [[(alert_count, 8, 7), (high_alerts, 8, 7), (alerts_by_type, 32, 14)],
                          [(alerts_by_severity, 16, 12), (drift_by_type, 12, 12), (top_nsgs, 20, 12)],
                          [(top_rules, 16, 14), (alerts_table, 32, 14)]])

    # Rule drift
    findings = search("nsgflow-drift-findings", "nsgflow drift findings",
                      "Every drift finding: the flow, the decision and rule logged, the decision and rule the policy "
                      "expects, the NSG and NIC, the policy version.", "drift",
                      ["nsgflow.drift.type", "source.ip", "source.port", "destination.ip", "destination.port",
                       "network.transport", "network.direction", "nsgflow.drift.observed.decision",
                       "nsgflow.drift.expected.decision", "nsgflow.drift.observed.rule", "nsgflow.drift.expected.rule",
                       "nsgflow.drift.observed.nsg", "nsgflow.nic.name", "nsgflow.policy.version"])
    drift_per_nsg = xy("nsgflow-drift-per-nsg", "Drift per NSG over time",
                       "Drift findings per interval, one colour per NSG that logged the flow.", "drift",
                       ("x", date_histogram()), [("n", count("Findings"))],
                       split=("g", terms("nsgflow.drift.observed.nsg", "string", "NSG", 10, "n")))
    observed_vs_expected = table("nsgflow-drift-observed-vs-expected", "Observed vs expected decision",
                                 "How often each logged decision met each decision the policy expects, per drift type.",
                                 "drift",
                                 [("o", terms("nsgflow.drift.observed.decision", "string", "Observed", 3, "n")),
                                  ("e", terms("nsgflow.drift.expected.decision", "string", "Expected", 3, "n")),
                                  ("t", terms("nsgflow.drift.type", "string", "Drift type", 5, "n"))],
                                 [("n", count("Findings"))])
    rule_pairs = table("nsgflow-drift-rule-pairs", "Logged rule vs the rule the policy expects",
                       "Which rule decided the flow and which rule should have, per NSG.", "drift",
                       [("g", terms("nsgflow.drift.observed.nsg", "string", "NSG", 10, "n")),
                        ("o", terms("nsgflow.drift.observed.rule", "string", "Logged rule", 10, "n")),
                        ("e", terms("nsgflow.drift.expected.rule", "string", "Expected rule", 10, "n"))],
                       [("n", count("Findings"))])
    policy_versions = xy("nsgflow-drift-policy-versions", "Drift by policy version",
                         "Drift findings per interval by the policy version the flows were judged against: "
                         "a change shows as a new colour.", "drift",
                         ("x", date_histogram()), [("n", count("Findings"))],
                         split=("v", terms("nsgflow.policy.version", "string", "Policy version", 10, "n")))
    drift_nics = table("nsgflow-drift-nics", "NICs with drift",
                       "The network interfaces whose flows drifted, with the drift types seen and the last policy "
                       "version.", "drift",
                       [("i", terms("nsgflow.nic.name", "string", "NIC", 20, "n"))],
                       [("n", count("Findings")), ("u", metric("unique_count", "nsgflow.drift.type", "Drift types")),
                        ("v", last_value("nsgflow.policy.version", "string", "Policy version (last)"))])
    rule_drift = dashboard("nsgflow-rule-drift", "nsgflow: Rule drift",
                           "Every place where the network behaved differently from the intended policy.",
                           [[(drift_per_nsg, 24, 12), (policy_versions, 24, 12)],
                            [(observed_vs_expected, 16, 12), (rule_pairs, 20, 12), (drift_nics, 12, 12)],
                            [(findings, 48, 16)]])

    # Lateral movement
    lateral_by_detector = xy("nsgflow-lateral-by-detector", "Lateral-movement alerts by detector",
                             "Alerts per interval by detector: port scan, host sweep, admin fan-out, pivot chain, "
                             "new edge, denied then allowed.", "alerts",
                             ("x", date_histogram()), [("n", count("Alerts"))],
                             split=("t", terms("nsgflow.alert.type", "string", "Detector", 10, "n")), query=LATERAL)
    top_sources = xy("nsgflow-lateral-top-sources", "Top source hosts",
                     "The hosts (alert entity: the source, or a chain's first host) with the most lateral alerts.",
                     "alerts", ("e", terms("nsgflow.alert.entity", "string", "Source host", 10, "n")),
                     [("n", count("Alerts"))], series="bar_horizontal", query=LATERAL)
    pivot_paths = search("nsgflow-lateral-pivot-chains", "nsgflow pivot chains",
                         "Multi-hop pivot chains: the hops in order (source, destination, port) with the NSG and rule "
                         "that allowed each hop, and the summary with the whole path.", "alerts",
                         ["nsgflow.alert.entity", "nsgflow.alert.severity", "nsgflow.alert.path.source",
                          "nsgflow.alert.path.destination", "nsgflow.alert.path.port", "nsgflow.alert.path.nsg",
                          "nsgflow.alert.path.rule", "nsgflow.alert.segmentation_gap", "nsgflow.alert.first_seen",
                          "nsgflow.alert.last_seen", "message"],
                         query='nsgflow.alert.type : "lateral.pivot_chain"')
    related_hosts = table("nsgflow-lateral-related-hosts", "Hosts involved",
                          "Every host a lateral alert involves (related.ip), with the alerts and detectors it "
                          "appears in.", "alerts",
                          [("h", terms("related.ip", "ip", "Host", 20, "n"))],
                          [("n", count("Alerts")), ("d", metric("unique_count", "nsgflow.alert.type", "Detectors"))],
                          query=LATERAL)
    allowed_by = table("nsgflow-lateral-allowed-by", "Rules that allowed the movement",
                       "The NSG rules that allowed connections of lateral alerts (nsgflow.alert.rules): default or "
                       "VirtualNetwork-wide rules here are segmentation gaps to close. An alert naming several rules "
                       "counts under each pairing of its NSGs and rules.", "alerts",
                       [("g", terms("nsgflow.alert.rules.nsg", "string", "NSG", 10, "n")),
                        ("r", terms("nsgflow.alert.rules.name", "string", "Rule", 10, "n"))],
                       [("n", count("Alerts"))],
                       query=LATERAL)
    gaps = single_metric("nsgflow-lateral-segmentation-gaps", "Allowed only by a default or network-wide rule",
                         "Lateral alerts some of whose connections only a default rule or a */VirtualNetwork-wide "
                         "rule allowed: the segmentation gaps.", "alerts", ("n", count("Segmentation gaps")),
                         query=LATERAL + " and nsgflow.alert.segmentation_gap : true")
    techniques = donut("nsgflow-lateral-techniques", "MITRE ATT&CK techniques",
                       "Lateral alerts by technique (T1046 scanning, T1021 remote services...).", "alerts",
                       ("t", terms("threat.technique.id", "string", "Technique", 10, "n")), ("n", count("Alerts")),
                       query=LATERAL)
    lateral = dashboard("nsgflow-lateral-movement", "nsgflow: Lateral movement",
                        "East-west movement: scans, sweeps, admin fan-out, pivot chains, new edges, probing.",
                        [[(gaps, 8, 12), (lateral_by_detector, 26, 12), (techniques, 14, 12)],
                         [(top_sources, 16, 14), (related_hosts, 16, 14), (allowed_by, 16, 14)],
                         [(pivot_paths, 48, 14)]])

    # Traffic
    talkers = xy("nsgflow-traffic-top-peers", "Top external peers by bytes",
                 "North-south: the Internet and on-premises addresses exchanging the most bytes with the VNets.",
                 "aggregates", ("p", terms("nsgflow.aggregate.peer", "ip", "Peer", 15, "b")),
                 [("b", metric("sum", "network.bytes", "Bytes"))], series="bar_horizontal", query=NORTH_SOUTH)
    subnet_pairs = table("nsgflow-traffic-east-west-pairs", "Top east-west subnet pairs",
                         "East-west: the source and destination subnets with the most traffic, with connections "
                         "begun and denied.", "aggregates",
                         [("s", terms("source.subnet", "string", "Source subnet", 20, "b")),
                          ("d", terms("destination.subnet", "string", "Destination subnet", 20, "b"))],
                         [("b", metric("sum", "network.bytes", "Bytes")),
                          ("f", metric("sum", "nsgflow.aggregate.flows", "Connections begun")),
                          ("x", metric("sum", "nsgflow.aggregate.denied", "Denied"))], query=EAST_WEST)
    allowed_denied = xy("nsgflow-traffic-allowed-denied", "Allowed vs denied connections over time",
                        "Connections begun per interval, allowed and denied, as the NSG rules logged them.",
                        "aggregates", ("x", date_histogram()),
                        [("a", metric("sum", "nsgflow.aggregate.allowed", "Allowed")),
                         ("d", metric("sum", "nsgflow.aggregate.denied", "Denied"))],
                        series="bar_stacked", query=RULE)
    per_rule = table("nsgflow-traffic-per-rule", "Connections per rule",
                     "Connections begun per NSG rule as logged (allowed and denied): rules that never appear here "
                     "are candidates to remove.", "aggregates",
                     [("g", terms("rule.ruleset", "string", "NSG", 50, "f")),
                      ("r", terms("rule.name", "string", "Rule", 50, "f"))],
                     [("f", metric("sum", "nsgflow.aggregate.flows", "Connections begun")),
                      ("a", metric("sum", "nsgflow.aggregate.allowed", "Allowed")),
                      ("d", metric("sum", "nsgflow.aggregate.denied", "Denied")),
                      ("b", metric("sum", "network.bytes", "Bytes"))], query=RULE)
    port_matrix = table("nsgflow-traffic-subnet-port-matrix", "East-west subnet pairs by destination port",
                        "Connections begun between subnet pairs (rows), one column per destination port.",
                        "aggregates",
                        [("s", terms("source.subnet", "string", "Source subnet", 15, "f")),
                         ("d", terms("destination.subnet", "string", "Destination subnet", 15, "f"))],
                        [("f", metric("sum", "nsgflow.aggregate.flows", "Connections begun"))],
                        transposed=("p", terms("destination.port", "number", "Port", 10, "f", other=False)),
                        query=EAST_WEST)
    by_direction = xy("nsgflow-traffic-bytes-by-direction", "Bytes by direction",
                      "Bytes per interval: inbound and outbound north-south, and east-west.", "aggregates",
                      ("x", date_histogram()), [("b", metric("sum", "network.bytes", "Bytes"))],
                      split=("k", filters("Direction", [
                          ("inbound", NORTH_SOUTH + ' and network.direction : "inbound"'),
                          ("outbound", NORTH_SOUTH + ' and network.direction : "outbound"'),
                          ("east-west", EAST_WEST)])), series="area_stacked")
    traffic = dashboard("nsgflow-traffic", "nsgflow: Traffic",
                        "Who talks to whom, what the rules let through, per minute.",
                        [[(allowed_denied, 24, 12), (by_direction, 24, 12)],
                         [(talkers, 20, 14), (subnet_pairs, 28, 14)],
                         [(per_rule, 24, 16), (port_matrix, 24, 16)]])

    # Ingest health
    dead_by_reason = xy("nsgflow-ingest-deadletters-by-reason", "Dead letters by reason over time",
                        "Documents that could not be processed or stored, per interval, by reason.", "deadletter",
                        ("x", date_histogram()), [("n", count("Dead letters"))],
                        split=("r", terms("reason", "string", "Reason", 10, "n")))
    dead_by_stage = donut("nsgflow-ingest-deadletters-by-stage", "Dead letters by stage",
                          "Where they were refused: the decoder, the policy reader, the Elasticsearch sink.",
                          "deadletter", ("s", terms("stage", "string", "Stage", 10, "n")), ("n", count("Dead letters")))
    dead_count = single_metric("nsgflow-ingest-deadletter-count", "Dead letters", "Dead letters in the time range.",
                               "deadletter", ("n", count("Dead letters")))
    tuples = xy("nsgflow-ingest-tuples-per-minute", "Flow tuples aggregated per minute",
                "Flow tuples that reached the aggregates, per interval: a drop to zero means the flow logs stopped.",
                "aggregates", ("x", date_histogram()), [("t", metric("sum", "nsgflow.aggregate.tuples", "Tuples"))],
                series="line", query=RULE)
    rejected = search("nsgflow-ingest-rejected-documents", "nsgflow rejected documents",
                      "Dead letters, newest first: stage, reason, where the input came from and why it was refused.",
                      "deadletter",
                      ["stage", "reason", "message", "origin.kind", "origin.topic", "origin.path", "origin.detail",
                       "location", "payloadSize"])
    ingest = dashboard("nsgflow-ingest-health", "nsgflow: Ingest health",
                       "Is the data flowing, and what was refused.",
                       [[(dead_count, 8, 12), (dead_by_reason, 24, 12), (dead_by_stage, 16, 12)],
                        [(tuples, 48, 10)],
                        [(rejected, 48, 14)]])

    searches = [alerts_table, findings, pivot_paths, rejected]
    visualizations = [alerts_by_type, alerts_by_severity, drift_by_type, top_nsgs, top_rules, alert_count,
                      high_alerts, drift_per_nsg, observed_vs_expected, rule_pairs, policy_versions, drift_nics,
                      lateral_by_detector, top_sources, related_hosts, allowed_by, gaps, techniques, talkers, subnet_pairs,
                      allowed_denied, per_rule, port_matrix, by_direction, dead_by_reason, dead_by_stage, dead_count,
                      tuples]
    dashboards = [overview, rule_drift, lateral, traffic, ingest]
    return views + searches + visualizations + dashboards


def ndjson():
    return "".join(json.dumps(o, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects())


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else OUT
    if target == "-":
        sys.stdout.write(ndjson())
    else:
        with open(target, "w", encoding="utf-8") as f:
            f.write(ndjson())
