package io.nsgflow.alert;

import io.nsgflow.ids.ContentIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throttling of one (alert type, entity) key, in event time, as a state machine without Flink.
 *
 * <p>A key without state delivers its alert at once and opens an interval of {@code interval}
 * from that alert's time. Alerts within the interval are folded; when it ends, they go out as one
 * summary (count, first and last seen, evidence merged and capped) and the next interval begins.
 * An interval that ends with nothing folded ends the run: the key's state is dropped, and its next
 * alert is delivered at once again. Revisions of one alert (a lateral-movement episode that grows
 * is re-emitted under its id) fold as one alert, with the count of the latest; a revision of an
 * alert delivered or summarised earlier in the run is told as an update of it, not as another alert.
 *
 * <p>Time only moves forward through the alerts' own times ({@link #onAlert}) and the end of
 * intervals ({@link #onTime}), so the same alerts in the same order per key give the same
 * deliveries, whenever the watermark happens to pass (stream) or not until the end (replay).
 */
public final class AlertThrottle {

    /** What one step did: the key's state afterwards (null: none) and what to deliver now. */
    public record Step(AlertThrottleState state, List<AlertDelivery> deliveries, boolean folded) {}

    /** Alert ids whose counts an interval remembers; past this, further alerts are only added (bounded state). */
    static final int MAX_TRACKED_IDS = 1_000;

    private final long intervalMillis;
    private final int maxEvidenceValues;

    public AlertThrottle(Duration interval, int maxEvidenceValues) {
        if (interval.isNegative() || interval.isZero() || maxEvidenceValues < 1) {
            throw new IllegalArgumentException("interval must be positive and maxEvidenceValues at least 1");
        }
        this.intervalMillis = interval.toMillis();
        this.maxEvidenceValues = maxEvidenceValues;
    }

    /** Key of an alert: its type and entity. */
    public static String key(Alert a) {
        return a.getType() + "|" + a.getEntity();
    }

    /** The alert's time: when it was last seen. */
    public static long time(Alert a) {
        return a.getLastSeen();
    }

    /**
     * @param state the key's state, null when it has none (it is updated in place)
     */
    public Step onAlert(AlertThrottleState state, Alert alert) {
        List<AlertDelivery> out = new ArrayList<>(1);
        long t = time(alert);
        state = closeIntervals(state, t, out);
        if (state == null) {
            out.add(new AlertDelivery(alert, 1, false));
            AlertThrottleState opened = AlertThrottleState.newBuilder()
                    .setType(alert.getType()).setEntity(alert.getEntity()).setRunId(alert.getId())
                    .setIntervalEnd(t + intervalMillis).setDeliveries(1)
                    .setKnownIds(new ArrayList<>(List.of(alert.getId()))).setFolded(null).build();
            return new Step(opened, out, false);
        }
        fold(state, alert);
        return new Step(state, out, true);
    }

    /** Event time has reached {@code time}: the intervals that ended by then close. */
    public Step onTime(AlertThrottleState state, long time) {
        List<AlertDelivery> out = new ArrayList<>(1);
        return new Step(closeIntervals(state, time, out), out, false);
    }

    private AlertThrottleState closeIntervals(AlertThrottleState state, long time, List<AlertDelivery> out) {
        while (state != null && state.getIntervalEnd() <= time) {
            if (state.getFolded() == null) {
                return null; // a quiet interval ends the run
            }
            state.setDeliveries(state.getDeliveries() + 1);
            out.add(new AlertDelivery(summary(state), state.getDeliveries(), true));
            for (String id : state.getFolded().getCountById().keySet()) {
                remember(state, id);
            }
            state.setFolded(null);
            state.setIntervalEnd(state.getIntervalEnd() + intervalMillis);
        }
        return state;
    }

    private void fold(AlertThrottleState state, Alert a) {
        FoldedAlerts f = state.getFolded();
        if (f == null) {
            f = FoldedAlerts.newBuilder().setAlerts(0).setCount(0).setFirstSeen(a.getFirstSeen())
                    .setLastSeen(a.getLastSeen()).setSeverity(a.getSeverity().name()).setLatestSummary(a.getSummary())
                    .setEvidence(new LinkedHashMap<>()).setEvidenceOmitted(new HashMap<>()).setCountById(new HashMap<>())
                    .build();
            state.setFolded(f);
        }
        Long folded = f.getCountById().get(a.getId());
        if (folded != null) {
            // another revision of an alert folded already: counts only grow, whatever order revisions come in
            long latest = Math.max(folded, a.getCount());
            f.setCount(f.getCount() - folded + latest);
            f.getCountById().put(a.getId(), latest);
        } else {
            if (state.getKnownIds().contains(a.getId())) {
                f.setUpdates(f.getUpdates() + 1);
            } else {
                f.setAlerts(f.getAlerts() + 1);
            }
            f.setCount(f.getCount() + a.getCount());
            if (f.getCountById().size() < MAX_TRACKED_IDS) {
                f.getCountById().put(a.getId(), a.getCount());
            }
        }
        f.setFirstSeen(Math.min(f.getFirstSeen(), a.getFirstSeen()));
        if (a.getLastSeen() >= f.getLastSeen()) {
            f.setLastSeen(a.getLastSeen());
            f.setLatestSummary(a.getSummary());
            f.setTechniqueId(a.getTechniqueId());
            f.setTechniqueName(a.getTechniqueName());
            f.setTactic(a.getTactic());
            f.setPolicyVersion(a.getPolicyVersion());
        }
        if (a.getSeverity().compareTo(Severity.valueOf(f.getSeverity())) > 0) {
            f.setSeverity(a.getSeverity().name());
        }
        for (Map.Entry<String, String> e : a.getEvidence().entrySet()) {
            List<String> values = f.getEvidence().computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            if (values.contains(e.getValue())) {
                continue;
            }
            if (values.size() < maxEvidenceValues) {
                values.add(e.getValue());
            } else {
                f.getEvidenceOmitted().merge(e.getKey(), 1L, Long::sum);
            }
        }
    }

    private static void remember(AlertThrottleState state, String id) {
        List<String> known = state.getKnownIds();
        if (known.size() < MAX_TRACKED_IDS && !known.contains(id)) {
            known.add(id);
        }
    }

    /** "3 more T alert(s)", "1 earlier T alert(s) updated", or both joined by "and". */
    private static String folded(FoldedAlerts f, String type) {
        List<String> parts = new ArrayList<>(2);
        if (f.getAlerts() > 0) {
            parts.add(f.getAlerts() + " more " + type + " alert(s)");
        }
        if (f.getUpdates() > 0) {
            parts.add(f.getUpdates() + " earlier " + type + " alert(s) updated");
        }
        return String.join(" and ", parts);
    }

    private static Alert summary(AlertThrottleState s) {
        FoldedAlerts f = s.getFolded();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : f.getEvidence().entrySet()) {
            Long omitted = f.getEvidenceOmitted().get(e.getKey());
            evidence.put(e.getKey(), String.join("; ", e.getValue()) + (omitted != null ? " (+" + omitted + " more)" : ""));
        }
        return Alert.newBuilder()
                .setId(ContentIds.of("throttle-summary", s.getRunId(), Integer.toString(s.getDeliveries())))
                .setType(s.getType())
                .setSeverity(Severity.valueOf(f.getSeverity()))
                .setEntity(s.getEntity())
                .setSummary(folded(f, s.getType()) + " for " + s.getEntity() + " from "
                        + Instant.ofEpochMilli(f.getFirstSeen()) + " to " + Instant.ofEpochMilli(f.getLastSeen())
                        + "; latest: " + f.getLatestSummary())
                .setEvidence(evidence)
                .setTechniqueId(f.getTechniqueId())
                .setTechniqueName(f.getTechniqueName())
                .setTactic(f.getTactic())
                .setFirstSeen(f.getFirstSeen())
                .setLastSeen(f.getLastSeen())
                .setCount(f.getCount())
                .setPolicyVersion(f.getPolicyVersion())
                .build();
    }
}
