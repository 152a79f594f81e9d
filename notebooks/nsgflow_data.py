"""nsgflow's outputs as pandas DataFrames, for the analyst notebooks.

Where the data comes from is set by environment variables, read once by `source()`:

- NSGFLOW_REPLAY_DIR: a `nsgflow replay --out` folder (drift.jsonl, alerts.jsonl, aggregates.jsonl,
  rejected.jsonl, unjudged.jsonl). Takes precedence when set.
- ELASTICSEARCH_URL: the cluster the stream job writes to (what `elasticsearch.hosts` names), with
  NSGFLOW_ES_API_KEY (the base64 "encoded" key), or NSGFLOW_ES_USERNAME and NSGFLOW_ES_PASSWORD,
  the same secrets the job reads; NSGFLOW_ES_CA_FILE: a PEM CA to trust for https;
  NSGFLOW_INDEX_PREFIX: the job's `elasticsearch.index-prefix` (default nsgflow).
- NSGFLOW_FROM / NSGFLOW_TO: optional ISO-8601 times bounding @timestamp (default: everything).
- NSGFLOW_MAX_DOCS: most documents read per kind from Elasticsearch (default 500000).
- NSGFLOW_FIGURES_DIR: when set, every figure is also written there as PNG, in a folder per
  notebook, with figures.json listing each figure and how many data points it draws.

Documents are flattened: a column per leaf field with its dotted ECS name ("nsgflow.drift.type").
"""
import glob
import ipaddress
import json
import os

import pandas as pd

KINDS = ("drift", "alerts", "aggregates", "rejected", "unjudged")
REPLAY_FILES = {kind: kind + ".jsonl" for kind in KINDS}
# where each kind lives in Elasticsearch; unjudged connection starts are a replay output only
INDEX_KINDS = {"drift": "drift", "alerts": "alerts", "aggregates": "aggregates", "rejected": "deadletter"}


def _utc(value):
    if not value:
        return None
    t = pd.Timestamp(value)
    return t.tz_convert("UTC") if t.tzinfo else t.tz_localize("UTC")


def _time_bounds():
    return _utc(os.environ.get("NSGFLOW_FROM")), _utc(os.environ.get("NSGFLOW_TO"))


def frame(documents):
    """Flat DataFrame of JSON documents; @timestamp (and *_seen, event.start/end) as UTC datetimes."""
    df = pd.json_normalize(documents) if documents else pd.DataFrame()
    for column in df.columns:
        if column == "@timestamp" or column.endswith("_seen") or column in ("event.start", "event.end"):
            df[column] = pd.to_datetime(df[column], utc=True, errors="coerce")
    return df


class ReplaySource:
    """A replay output folder."""

    def __init__(self, folder):
        if not os.path.isdir(folder):
            raise FileNotFoundError("NSGFLOW_REPLAY_DIR=%s is not a folder" % folder)
        self.folder = folder

    def __repr__(self):
        return "replay output %s (%s)" % (self.folder, ", ".join(sorted(
            os.path.basename(f) for f in glob.glob(os.path.join(self.folder, "*.jsonl")))))

    def load(self, kind):
        path = os.path.join(self.folder, REPLAY_FILES[kind])
        documents = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                documents = [json.loads(line) for line in f if line.strip()]
        df = frame(documents)
        start, end = _time_bounds()
        if len(df) and "@timestamp" in df and (start is not None or end is not None):
            keep = pd.Series(True, index=df.index)
            if start is not None:
                keep &= df["@timestamp"] >= start
            if end is not None:
                keep &= df["@timestamp"] < end
            df = df[keep].reset_index(drop=True)
        return df


class ElasticsearchSource:
    """The indices the stream job writes, read with the scroll API."""

    def __init__(self, url, prefix="nsgflow", api_key=None, username=None, password=None, ca_file=None,
                 max_docs=500000):
        import requests  # only needed here

        self.url = url.rstrip("/")
        self.prefix = prefix
        self.max_docs = max_docs
        self.session = requests.Session()
        if api_key:
            self.session.headers["Authorization"] = "ApiKey " + api_key
        elif username:
            self.session.auth = (username, password or "")
        if ca_file:
            self.session.verify = ca_file
        self.session.headers["Content-Type"] = "application/json"

    def __repr__(self):
        # the URL only: credentials are never printed
        return "Elasticsearch %s, indices %s-*" % (self.url, self.prefix)

    def load(self, kind):
        if kind not in INDEX_KINDS:
            return pd.DataFrame()
        index = "%s-%s-*" % (self.prefix, INDEX_KINDS[kind])
        start, end = _time_bounds()
        time_range = {}
        if start is not None:
            time_range["gte"] = start.isoformat()
        if end is not None:
            time_range["lt"] = end.isoformat()
        query = {"range": {"@timestamp": time_range}} if time_range else {"match_all": {}}
        response = self.session.post(
            "%s/%s/_search" % (self.url, index),
            params={"scroll": "2m", "ignore_unavailable": "true", "allow_no_indices": "true"},
            data=json.dumps({"size": 5000, "query": query, "sort": ["_doc"]}))
        response.raise_for_status()
        page = response.json()
        documents = []
        scroll_id = page.get("_scroll_id")
        try:
            while page["hits"]["hits"] and len(documents) < self.max_docs:
                documents.extend(hit["_source"] for hit in page["hits"]["hits"])
                response = self.session.post("%s/_search/scroll" % self.url,
                                             data=json.dumps({"scroll": "2m", "scroll_id": scroll_id}))
                response.raise_for_status()
                page = response.json()
                scroll_id = page.get("_scroll_id", scroll_id)
        finally:
            if scroll_id:
                self.session.delete("%s/_search/scroll" % self.url, data=json.dumps({"scroll_id": scroll_id}))
        if len(documents) >= self.max_docs:
            print("note: read the first %d documents of %s (NSGFLOW_MAX_DOCS)" % (self.max_docs, index))
        return frame(documents[: self.max_docs])


def source():
    """The data source the environment names (see the module's doc)."""
    replay = os.environ.get("NSGFLOW_REPLAY_DIR")
    if replay:
        return ReplaySource(replay)
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        return ElasticsearchSource(url, prefix=os.environ.get("NSGFLOW_INDEX_PREFIX", "nsgflow"),
                                   api_key=os.environ.get("NSGFLOW_ES_API_KEY"),
                                   username=os.environ.get("NSGFLOW_ES_USERNAME"),
                                   password=os.environ.get("NSGFLOW_ES_PASSWORD"),
                                   ca_file=os.environ.get("NSGFLOW_ES_CA_FILE"),
                                   max_docs=int(os.environ.get("NSGFLOW_MAX_DOCS", "500000")))
    raise RuntimeError("set NSGFLOW_REPLAY_DIR (a replay --out folder) or ELASTICSEARCH_URL (and credentials)")


# ---- small helpers the notebooks share ----

def require(df, what):
    """Stops the notebook when there is nothing to analyse, rather than drawing empty axes."""
    if df is None or len(df) == 0:
        raise ValueError("no %s in the data source: check NSGFLOW_REPLAY_DIR / ELASTICSEARCH_URL and the time range"
                         % what)
    return df


def column(df, name, default=None):
    """A column that documents may lack (absent when no document had the field)."""
    return df[name] if name in df else pd.Series([default] * len(df), index=df.index, dtype=object)


def time_bin(times):
    """A bin width that gives at most about 100 bins over the span of `times`."""
    span = times.max() - times.min() if len(times) else pd.Timedelta(0)
    for width in ("1min", "5min", "15min", "1h", "6h", "1D", "7D"):
        if span <= pd.Timedelta(width) * 100:
            return width
    return "30D"


def per_interval(df, by, width):
    """Documents per time interval (rows, every interval of the span, empty ones too) and value of `by` (columns)."""
    counts = df.groupby([pd.Grouper(key="@timestamp", freq=width), by]).size().unstack(fill_value=0)
    every = pd.date_range(counts.index.min(), counts.index.max(), freq=width)
    return counts.reindex(every, fill_value=0)


def subnet_name(resource_id):
    """'vnet/subnet' of a subnet resource id; other text unchanged."""
    if not isinstance(resource_id, str):
        return str(resource_id)
    parts = resource_id.strip("/").split("/")
    lower = [p.lower() for p in parts]
    if "virtualnetworks" in lower and "subnets" in lower:
        return parts[lower.index("virtualnetworks") + 1] + "/" + parts[lower.index("subnets") + 1]
    return resource_id


def is_internal(ip):
    try:
        a = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return a.is_private and not a.is_link_local


def rule_key(nsg, rule):
    """NSG and rule names compared as the job does: case-insensitive, without UserRule_/DefaultRule_/securityRules/."""
    r = str(rule)
    for prefix in ("securityRules/", "defaultSecurityRules/", "UserRule_", "DefaultRule_"):
        if r.lower().startswith(prefix.lower()):
            r = r[len(prefix):]
    return str(nsg).lower(), r.lower()


def policy_rules(paths):
    """Every rule (NSG name, rule name, priority, direction, access, default?) of policy snapshot files,
    ARM (fields under properties) or az CLI (flattened) shape; several files are unioned."""
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            snapshot = json.load(f)
        nsgs = snapshot.get("networkSecurityGroups", [])
        if not nsgs and "securityRules" in snapshot.get("properties", snapshot):
            nsgs = [snapshot]  # a single NSG resource
        for nsg in nsgs:
            props = nsg.get("properties", nsg)
            for default, key in ((False, "securityRules"), (True, "defaultSecurityRules")):
                for rule in props.get(key, []) or []:
                    rp = rule.get("properties", rule)
                    rows.append({"nsg": nsg.get("name"), "rule": rule.get("name"), "priority": rp.get("priority"),
                                 "direction": rp.get("direction"), "access": rp.get("access"), "default": default})
    df = pd.DataFrame(rows, columns=["nsg", "rule", "priority", "direction", "access", "default"])
    return df.drop_duplicates(subset=["nsg", "rule"]).reset_index(drop=True)


# ---- figures ----

_NOTEBOOK = {"name": "notebook"}


def figures_for(notebook):
    """Names the folder (under NSGFLOW_FIGURES_DIR) this notebook's figures go to, and starts its list afresh."""
    _NOTEBOOK["name"] = notebook
    folder = _figures_folder()
    if folder:
        os.makedirs(folder, exist_ok=True)
        for old in glob.glob(os.path.join(folder, "*.png")):
            os.remove(old)
        with open(os.path.join(folder, "figures.json"), "w", encoding="utf-8") as f:
            json.dump({}, f)


def _figures_folder():
    root = os.environ.get("NSGFLOW_FIGURES_DIR")
    return os.path.join(root, _NOTEBOOK["name"]) if root else None


def data_points(fig):
    """How many data marks the figure draws: points of lines, bars and wedges of non-zero size, scatter
    points and graph nodes, graph edges, finite heatmap cells. Axes, ticks, labels and legends count nothing."""
    from matplotlib.collections import LineCollection, PathCollection, PolyCollection, QuadMesh
    from matplotlib.patches import FancyArrowPatch, Rectangle, Wedge
    import numpy as np

    n = 0
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue  # the colour scale, not data
        legend = ax.get_legend()
        legend_artists = set(legend.get_patches() + legend.get_lines()) if legend else set()
        for line in ax.lines:
            if line not in legend_artists:
                n += int(np.sum(np.isfinite(np.asarray(line.get_ydata(), dtype=float))))
        for patch in ax.patches:
            if patch in legend_artists:
                continue
            if isinstance(patch, Rectangle):
                n += int(patch.get_width() * patch.get_height() != 0)
            elif isinstance(patch, Wedge):
                n += int(patch.theta2 - patch.theta1 > 0)
            elif isinstance(patch, FancyArrowPatch):
                n += 1
        for collection in ax.collections:
            if isinstance(collection, QuadMesh):
                n += int(np.sum(np.isfinite(np.ma.filled(np.ma.asarray(collection.get_array(), dtype=float), np.nan))))
            elif isinstance(collection, LineCollection):
                n += len(collection.get_segments())
            elif isinstance(collection, (PathCollection, PolyCollection)):
                n += len(collection.get_offsets()) if isinstance(collection, PathCollection) else len(collection.get_paths())
        for image in ax.images:
            n += int(np.sum(np.isfinite(np.ma.filled(np.ma.asarray(image.get_array(), dtype=float), np.nan))))
    return n


def save(fig, name):
    """Checks that the figure draws data (raises otherwise) and, with NSGFLOW_FIGURES_DIR, writes it as PNG."""
    points = data_points(fig)
    if points == 0:
        raise ValueError("figure %s draws no data" % name)
    folder = _figures_folder()
    if folder:
        os.makedirs(folder, exist_ok=True)
        fig.savefig(os.path.join(folder, name + ".png"), dpi=100, bbox_inches="tight")
        manifest = os.path.join(folder, "figures.json")
        listed = {}
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8") as f:
                listed = json.load(f)
        listed[name] = {"file": name + ".png", "data_points": points}
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump(listed, f, indent=1, sort_keys=True)
    return points
