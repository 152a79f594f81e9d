package io.nsgflow.lateral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the detectors keep about one source host: connections waiting for the watermark,
 * recent connections per window, the learned baseline and the open alert episodes. Bounded: every
 * list and map is capped by {@link LateralSettings}, and the whole state is dropped after
 * {@code lateral.baseline.retention} without activity. Keyed value state, written by
 * {@link SourceStateSerializer} (a Flink POJO too, for tests and tools).
 */
public class SourceState {

    /**
     * Offered, not yet processed: processed in event-time order once the watermark passes them.
     * The Flink operator keeps these in list state of their own (adding one reads nothing) and
     * puts them here while the detectors work.
     */
    public List<Connection> pending = new ArrayList<>();
    public boolean seen;
    /** Event time of the source's first counted connection: its warm-up starts there. */
    public long firstSeen;
    public long lastActivity;
    /** Recent connection 5-tuples (destination, ports, protocol) and when, to count a connection once. */
    public Map<String, Long> recentTuples = new HashMap<>();
    public long tuplesPrunedAt;
    /** Learned edges (destination|port|protocol) and when last seen. */
    public Map<String, Long> edges = new HashMap<>();
    /** Destinations reached on admin ports (allowed), and when last. */
    public Map<String, Long> adminDestinations = new HashMap<>();
    /** The most distinct admin destinations reached within one fan-out window while no alert was raised. */
    public int adminPeak;
    /** Connections within the port-scan and host-sweep windows, in event-time order. */
    public List<Connection> recent = new ArrayList<>();
    /** Allowed admin-port connections within the fan-out window. */
    public List<Connection> adminAllowed = new ArrayList<>();
    /** Denied connections within the denied-then-allowed window. */
    public List<Connection> denied = new ArrayList<>();
    /** New edges (after warm-up) within the new-edge window. */
    public List<Connection> newEdges = new ArrayList<>();
    /** Open episodes by detector name. */
    public Map<String, Episode> episodes = new HashMap<>();
    /** The windows' distinct counts: derived from them, so not checkpointed (transient) and rebuilt when absent. */
    transient WindowCounts counts;

    public SourceState() {}
}
