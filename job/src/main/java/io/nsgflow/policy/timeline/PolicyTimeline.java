package io.nsgflow.policy.timeline;

import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.PolicyResource;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.PolicyValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every version of the intended policy over time. The policy at time t is the latest snapshot
 * in force at t, with every resource replaced by its latest version in force at t that is not
 * older than that snapshot (a snapshot replaces everything before it; at equal times a resource
 * version applies on top of the snapshot). Compiled policies are cached per change point, so a
 * flow never triggers a compilation unless it is the first one judged under a new version.
 */
public final class PolicyTimeline {

    /** Compiled enterprise policies are large: keep only the few change points flows still hit. */
    static final int MAX_COMPILED = 8;

    private record ResourceVersion(PolicyUpdate update, PolicyResource resource) {}

    private record SnapshotVersion(PolicyUpdate update, PolicySnapshot snapshot) {}

    private final NavigableMap<Long, SnapshotVersion> snapshots = new TreeMap<>();
    private final Map<String, NavigableMap<Long, ResourceVersion>> resources = new HashMap<>();
    private final NavigableMap<Long, String> changePoints = new TreeMap<>();
    private final LinkedHashMap<Long, EffectivePolicy> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EffectivePolicy> eldest) {
            return size() > MAX_COMPILED;
        }
    };

    /**
     * Adds a version; a version of the same resource (or a snapshot) with the same effective time
     * replaces the earlier one.
     */
    public void add(PolicyUpdate update) throws PolicyValidationException {
        long at = update.getEffectiveFrom();
        if (isKnown(update)) {
            // the same message again (a policy topic re-read from its start, a snapshot both given at
            // start and sent on the topic): nothing changes, so the compiled policies stay valid
            return;
        }
        if (update.getKind() == PolicyUpdateKind.SNAPSHOT) {
            PolicySnapshot s = PolicyReader.readSnapshot(update.getDocument());
            snapshots.put(at, new SnapshotVersion(update, s));
        } else {
            PolicyResource r = PolicyReader.readResource(update.getDocument());
            resources.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(at, new ResourceVersion(update, r));
        }
        changePoints.put(at, update.getVersion());
        // a cached policy of an earlier change point only covers less time now; later ones may change
        compiled.keySet().removeIf(point -> point >= at);
    }

    /** Whether exactly this update (kind, time, version, resource and document) is already held. */
    private boolean isKnown(PolicyUpdate update) {
        long at = update.getEffectiveFrom();
        PolicyUpdate held;
        if (update.getKind() == PolicyUpdateKind.SNAPSHOT) {
            SnapshotVersion s = snapshots.get(at);
            held = s == null ? null : s.update();
        } else {
            NavigableMap<Long, ResourceVersion> versions =
                    update.getResourceKey() == null ? null : resources.get(update.getResourceKey());
            ResourceVersion r = versions == null ? null : versions.get(at);
            held = r == null ? null : r.update();
        }
        return update.equals(held) && update.getVersion().equals(changePoints.get(at));
    }

    /** Whether any version is in force at t. */
    public boolean covers(long t) {
        return changePoints.floorKey(t) != null;
    }

    /** The policy in force at t, or null when no version is. */
    public EffectivePolicy at(long t) {
        Long point = changePoints.floorKey(t);
        if (point == null) {
            return null;
        }
        EffectivePolicy p = compiled.get(point);
        if (p == null) {
            p = build(point);
            compiled.put(point, p);
        }
        return p;
    }

    /**
     * Forgets versions no flow at or after {@code horizon} can need: everything before the latest
     * snapshot in force at the horizon, and resource versions superseded before it. Returns what was
     * dropped, so the caller can drop it from its state too.
     */
    public List<PolicyUpdate> pruneBefore(long horizon) {
        List<PolicyUpdate> dropped = new ArrayList<>();
        Long base = snapshots.floorKey(horizon);
        if (base != null) {
            NavigableMap<Long, SnapshotVersion> older = snapshots.headMap(base, false);
            older.values().forEach(s -> dropped.add(s.update()));
            older.clear();
        }
        for (NavigableMap<Long, ResourceVersion> versions : resources.values()) {
            Long latestInForce = versions.floorKey(horizon);
            if (latestInForce == null) {
                continue;
            }
            // the latest version in force at the horizon is still needed unless the base snapshot replaced it
            // (then everything before the snapshot goes, that version included)
            long keepFrom = base != null && base > latestInForce ? base : latestInForce;
            NavigableMap<Long, ResourceVersion> older = versions.headMap(keepFrom, false);
            older.values().forEach(v -> dropped.add(v.update()));
            older.clear();
        }
        resources.values().removeIf(Map::isEmpty);
        if (!dropped.isEmpty()) {
            rebuildChangePoints();
        }
        return dropped;
    }

    /** The latest effective time of any version held, or null when none is. */
    public Long latestEffectiveFrom() {
        return changePoints.isEmpty() ? null : changePoints.lastKey();
    }

    /** Number of versions kept (snapshots and resource versions). */
    public int size() {
        return snapshots.size() + resources.values().stream().mapToInt(Map::size).sum();
    }

    private void rebuildChangePoints() {
        changePoints.clear();
        snapshots.forEach((at, s) -> changePoints.put(at, s.update().getVersion()));
        resources.values().forEach(vs -> vs.forEach((at, v) -> changePoints.put(at, v.update().getVersion())));
        compiled.clear();
    }

    private EffectivePolicy build(long point) {
        Map.Entry<Long, SnapshotVersion> base = snapshots.floorEntry(point);
        List<PolicyResource> inForce = new ArrayList<>();
        if (base != null) {
            inForce.addAll(base.getValue().snapshot().resources());
        }
        long overlayFrom = base == null ? Long.MIN_VALUE : base.getKey();
        ResourceVersion latestOverlay = null;
        for (NavigableMap<Long, ResourceVersion> versions : resources.values()) {
            Map.Entry<Long, ResourceVersion> v = versions.floorEntry(point);
            if (v != null && v.getKey() >= overlayFrom) {
                inForce.add(v.getValue().resource()); // later entries replace the snapshot's
                if (latestOverlay == null || v.getKey() > latestOverlay.update().getEffectiveFrom()) {
                    latestOverlay = v.getValue();
                }
            }
        }
        String version = base == null ? "" : base.getValue().update().getVersion();
        if (latestOverlay != null) {
            version = version.isEmpty() ? latestOverlay.update().getVersion()
                    : version + "+" + latestOverlay.update().getVersion();
        }
        PolicySnapshot snapshot = PolicySnapshot.of(version, Instant.ofEpochMilli(point), inForce);
        try {
            return new EffectivePolicy(version, point, CompiledPolicy.compile(snapshot), null);
        } catch (PolicyValidationException e) {
            return new EffectivePolicy(version, point, null, e.getMessage());
        }
    }
}
