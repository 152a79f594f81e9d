package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import io.nsgflow.ids.ContentIds;
import io.nsgflow.alert.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-source detectors (port scan, host sweep, admin fan-out, new edge, denied then allowed)
 * as a state machine over one {@link SourceState}: connections are offered in any order, and
 * processed in event-time order when {@link #advance} is told the watermark passed them, so the
 * outcome does not depend on arrival order within the watermark bound. Admin-port hops go out to
 * the pivot-chain detector. No Flink in here: the operator around it only keeps the state.
 */
public final class SourceDetectors {

    /** Where alerts and hops go. */
    public interface Output {
        void alert(Alert alert);

        void hop(AdminHop hop);
    }

    private static final int PORT_SCAN = bit(Detector.PORT_SCAN);
    private static final int HOST_SWEEP = bit(Detector.HOST_SWEEP);
    private static final int ADMIN_FANOUT = bit(Detector.ADMIN_FANOUT);
    private static final int PIVOT_CHAIN = bit(Detector.PIVOT_CHAIN);
    private static final int NEW_EDGE = bit(Detector.NEW_EDGE);
    private static final int DENIED_THEN_ALLOWED = bit(Detector.DENIED_THEN_ALLOWED);

    private static final Comparator<Connection> EVENT_ORDER = Comparator.<Connection>comparingLong(c -> c.time)
            .thenComparing(c -> c.dst).thenComparingInt(c -> c.dstPort).thenComparingInt(c -> c.srcPort)
            .thenComparing(c -> c.protocol).thenComparing(c -> c.allowed); // a deny line of the same connection first: it wins

    private final LateralSettings s;
    private final long recentWindow;

    public SourceDetectors(LateralSettings settings) {
        this.s = settings;
        this.recentWindow = Math.max(settings.portScanWindow(), settings.hostSweepWindow());
    }

    static int bit(String detector) {
        return 1 << Detector.NAMES.indexOf(detector);
    }

    /**
     * Holds a connection until the watermark passes it. When more than the cap wait (a source very
     * busy while the watermark stands still, as in replay's BATCH mode, where it passes only at the
     * end of the input), the oldest half is processed at once, in event-time order, rather than lost.
     *
     * @return how many waiting connections were processed before the watermark passed them (0 normally)
     */
    public int offer(SourceState st, Connection c, AllowList allowList, Output out) {
        st.pending.add(c);
        return processOverflow(st, allowList, out);
    }

    /** Whether more connections wait than the cap: then {@link #processOverflow} has work. */
    public boolean overflows(int waiting) {
        return waiting > s.maxConnectionsPerHost();
    }

    /**
     * Processes the oldest half of the waiting connections when more than the cap wait (see
     * {@link #offer}); for an operator that keeps the waiting connections apart from the rest of
     * the state and adds them without reading it.
     *
     * @return how many waiting connections were processed before the watermark passed them
     */
    public int processOverflow(SourceState st, AllowList allowList, Output out) {
        if (!overflows(st.pending.size())) {
            return 0;
        }
        st.pending.sort(EVENT_ORDER);
        int early = st.pending.size() - s.maxConnectionsPerHost() / 2;
        List<Connection> ready = new ArrayList<>(st.pending.subList(0, early));
        st.pending = new ArrayList<>(st.pending.subList(early, st.pending.size()));
        for (Connection x : ready) {
            process(st, x, allowList, out);
        }
        return early;
    }

    /**
     * Processes, in event-time order, every waiting connection at or before {@code watermark}, then
     * closes the episodes quiet since the quiet period, and forgets the source once its retention
     * has passed.
     */
    public void advance(SourceState st, long watermark, AllowList allowList, Output out) {
        if (!st.pending.isEmpty()) {
            List<Connection> ready = new ArrayList<>();
            List<Connection> keep = new ArrayList<>();
            for (Connection c : st.pending) {
                (c.time <= watermark ? ready : keep).add(c);
            }
            if (!ready.isEmpty()) {
                st.pending = keep;
                ready.sort(EVENT_ORDER);
                for (Connection c : ready) {
                    emitDueUpdates(st, c.time - 1, out);
                    process(st, c, allowList, out);
                }
            }
        }
        emitDueUpdates(st, watermark, out);
        closeQuietEpisodes(st, watermark, out);
        if (watermark - st.tuplesPrunedAt > s.dedupMillis()) {
            st.recentTuples.values().removeIf(t -> t < watermark - s.dedupMillis());
            st.tuplesPrunedAt = watermark;
        }
        if (st.seen && st.pending.isEmpty() && st.episodes.isEmpty() && watermark >= st.lastActivity + s.retention()) {
            forget(st);
        }
    }

    /** The next event time {@link #advance} has work at, or {@link Long#MAX_VALUE}. */
    public long nextWakeUp(SourceState st) {
        long next = Long.MAX_VALUE;
        for (Connection c : st.pending) {
            next = Math.min(next, c.time);
        }
        for (Episode e : st.episodes.values()) {
            next = Math.min(next, Math.min(e.lastSeen + s.quietPeriod(), e.updateAt));
        }
        if (st.seen) {
            next = Math.min(next, st.lastActivity + s.retention());
        }
        return next;
    }

    /** Nothing is kept: the operator may clear its state. */
    public boolean isEmpty(SourceState st) {
        return !st.seen && st.pending.isEmpty();
    }

    private void forget(SourceState st) {
        st.seen = false;
        st.recentTuples.clear();
        st.edges.clear();
        st.adminDestinations.clear();
        st.adminPeak = 0;
        st.recent.clear();
        st.adminAllowed.clear();
        st.denied.clear();
        st.newEdges.clear();
        st.counts = null;
    }

    private void process(SourceState st, Connection c, AllowList allowList, Output out) {
        String tuple = c.tupleKey();
        Long before = st.recentTuples.get(tuple);
        if (before != null && c.time - before <= s.dedupMillis()) {
            return; // the same connection, logged by another NSG or again by NSG v1
        }
        st.recentTuples.put(tuple, c.time);
        int exempt = exemptions(c, allowList);
        if (!st.seen) {
            st.seen = true;
            st.firstSeen = c.time;
        }
        st.lastActivity = Math.max(st.lastActivity, c.time);
        boolean warm = c.time >= st.firstSeen + s.learningPeriod();
        boolean admin = s.isAdminPort(c.dstPort);
        String edge = c.edgeKey();
        Long edgeSeen = st.edges.get(edge);
        boolean knownEdge = edgeSeen != null && c.time - edgeSeen <= s.retention();
        Long adminSeen = st.adminDestinations.get(c.dst);
        boolean knownAdmin = adminSeen != null && c.time - adminSeen <= s.retention();
        c.newEdge = warm && c.allowed && !knownEdge;
        c.newAdminDestination = warm && c.allowed && admin && !knownAdmin;
        c.exempt = exempt;
        c.folded = 0;

        WindowCounts counts = counts(st);
        insert(st.recent, c);
        counts.enteredRecent(c);
        List<Connection> expired = expired(st.recent, c.time, recentWindow);
        counts.leftRecent(expired);
        expired.clear();
        if ((exempt & PORT_SCAN) == 0) {
            portScan(st, counts, c, out);
        }
        if ((exempt & HOST_SWEEP) == 0) {
            hostSweep(st, counts, c, out);
        }
        if (c.allowed && admin) {
            insert(st.adminAllowed, c);
            counts.enteredAdmin(c);
            expired = expired(st.adminAllowed, c.time, s.adminFanoutWindow());
            counts.leftAdmin(expired);
            expired.clear();
            if ((exempt & ADMIN_FANOUT) == 0) {
                adminFanout(st, counts, c, warm, out);
            }
            if ((exempt & PIVOT_CHAIN) == 0) {
                out.hop(AdminHop.of(c, c.newEdge));
            }
        }
        if (c.newEdge && (exempt & NEW_EDGE) == 0) {
            window(st.newEdges, c, s.newEdgeWindow());
            newEdge(st, c, admin, out);
        }
        if (!c.allowed) {
            window(st.denied, c, s.deniedThenAllowedWindow());
        } else if ((exempt & DENIED_THEN_ALLOWED) == 0) {
            deniedThenAllowed(st, c, out);
        }
        if (c.allowed) {
            learn(st.edges, edge, c.time);
            if (admin) {
                learn(st.adminDestinations, c.dst, c.time);
            }
        }
    }

    private int exemptions(Connection c, AllowList allowList) {
        if (allowList == null || allowList.entries.isEmpty()) {
            return 0;
        }
        int bits = 0;
        for (String d : Detector.NAMES) {
            if (allowList.exempts(d, c)) {
                bits |= bit(d);
            }
        }
        return bits;
    }

    /** Adds to a window without counts, dropping what is older than the window and beyond the cap. */
    private void window(List<Connection> list, Connection c, long window) {
        insert(list, c);
        expired(list, c.time, window).clear();
    }

    /** The source's window counts, rebuilt from its windows when the state was just read or restored. */
    private WindowCounts counts(SourceState st) {
        if (st.counts == null) {
            st.counts = WindowCounts.of(st, s);
        }
        return st.counts;
    }

    /**
     * Inserts in event-time order (at the end but for the rare connection processed out of order,
     * early because too many waited), so a window's expired part is always its start.
     */
    private static void insert(List<Connection> list, Connection c) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).time > c.time) {
            i--;
        }
        list.add(i, c);
    }

    /** The start of a window that is older than {@code window} before {@code now} or beyond the cap: for the caller to clear. */
    private List<Connection> expired(List<Connection> list, long now, long window) {
        int drop = 0;
        while (drop < list.size() && list.get(drop).time < now - window) {
            drop++;
        }
        drop = Math.max(drop, list.size() - s.maxConnectionsPerHost());
        return list.subList(0, drop);
    }

    private void learn(Map<String, Long> learned, String key, long time) {
        learned.put(key, time);
        if (learned.size() > s.maxEdgesPerHost()) {
            // the least recently seen goes; rare (only a source with more distinct edges than the cap)
            String oldest = null;
            long oldestTime = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : learned.entrySet()) {
                if (e.getValue() < oldestTime) {
                    oldestTime = e.getValue();
                    oldest = e.getKey();
                }
            }
            learned.remove(oldest);
        }
    }

    // ---- the detectors

    private void portScan(SourceState st, WindowCounts counts, Connection c, Output out) {
        if (!counts.portScanPossible(c.dst)) {
            return; // most connections: no window scan
        }
        Set<Integer> ports = new HashSet<>();
        Set<Integer> failed = new HashSet<>();
        Set<Integer> adminPorts = new HashSet<>();
        boolean adminAllowed = false;
        List<Connection> set = new ArrayList<>();
        for (Connection x : st.recent) {
            if (!x.dst.equals(c.dst) || x.time < c.time - s.portScanWindow() || exempt(x, PORT_SCAN)) {
                continue;
            }
            set.add(x);
            ports.add(x.dstPort);
            if (!x.allowed) {
                failed.add(x.dstPort);
            }
            if (s.isAdminPort(x.dstPort)) {
                adminPorts.add(x.dstPort);
                adminAllowed |= x.allowed;
            }
        }
        String threshold = failed.size() >= s.portScanFailedPorts() ? failed.size() + " distinct ports denied (threshold " + s.portScanFailedPorts() + ")"
                : ports.size() >= s.portScanPorts() ? ports.size() + " distinct ports attempted (threshold " + s.portScanPorts() + ")"
                : adminPorts.size() >= s.portScanAdminPorts() ? adminPorts.size() + " distinct admin ports attempted (threshold " + s.portScanAdminPorts() + ")"
                : null;
        if (threshold != null) {
            Episode e = activity(st, Detector.PORT_SCAN, PORT_SCAN, c, set, adminAllowed ? Severity.HIGH : Severity.MEDIUM,
                    threshold, s.portScanWindow(), out);
            e.portsTotal = Math.max(e.portsTotal, ports.size());
        }
    }

    private void hostSweep(SourceState st, WindowCounts counts, Connection c, Output out) {
        if (!counts.hostSweepPossible(c.dstPort)) {
            return;
        }
        Set<String> hosts = new HashSet<>();
        Set<String> failed = new HashSet<>();
        List<Connection> set = new ArrayList<>();
        for (Connection x : st.recent) {
            if (x.dstPort != c.dstPort || !x.protocol.equals(c.protocol) || x.time < c.time - s.hostSweepWindow()
                    || exempt(x, HOST_SWEEP)) {
                continue;
            }
            set.add(x);
            hosts.add(x.dst);
            if (!x.allowed) {
                failed.add(x.dst);
            }
        }
        String threshold = failed.size() >= s.hostSweepFailedHosts() ? failed.size() + " distinct destinations denied (threshold " + s.hostSweepFailedHosts() + ")"
                : hosts.size() >= s.hostSweepHosts() ? hosts.size() + " distinct destinations attempted (threshold " + s.hostSweepHosts() + ")"
                : null;
        if (threshold != null) {
            Episode e = activity(st, Detector.HOST_SWEEP, HOST_SWEEP, c, set, Severity.MEDIUM, threshold,
                    s.hostSweepWindow(), out);
            e.destinationsTotal = Math.max(e.destinationsTotal, hosts.size());
        }
    }

    private void adminFanout(SourceState st, WindowCounts counts, Connection c, boolean warm, Output out) {
        // the window holds exactly the fan-out window's connections (expired ones are gone), so the counts are exact
        int hosts = counts.adminDestinations();
        int newHosts = counts.newAdminDestinations();
        int needed = (int) Math.max(s.adminFanoutMinHosts(), Math.ceil(s.adminFanoutBaselineFactor() * st.adminPeak));
        String threshold = !warm ? null
                : hosts >= needed ? hosts + " distinct destinations on admin ports (threshold " + needed
                        + " = max(" + s.adminFanoutMinHosts() + ", " + s.adminFanoutBaselineFactor() + " x baseline peak " + st.adminPeak + "))"
                : newHosts >= s.adminFanoutNewHosts() ? newHosts + " destinations never reached on admin ports before (threshold "
                        + s.adminFanoutNewHosts() + ")"
                : null;
        if (threshold == null) {
            st.adminPeak = Math.max(st.adminPeak, hosts);
            return;
        }
        List<Connection> set = new ArrayList<>();
        for (Connection x : st.adminAllowed) {
            if (!exempt(x, ADMIN_FANOUT)) {
                set.add(x);
            }
        }
        Episode e = activity(st, Detector.ADMIN_FANOUT, ADMIN_FANOUT, c, set, Severity.HIGH, threshold,
                s.adminFanoutWindow(), out);
        e.destinationsTotal = Math.max(e.destinationsTotal, hosts);
    }

    private void newEdge(SourceState st, Connection c, boolean admin, Output out) {
        int recentNew = 0;
        for (Connection x : st.newEdges) {
            if (x.time >= c.time - s.newEdgeWindow() && !exempt(x, NEW_EDGE)) {
                recentNew++;
            }
        }
        boolean burst = recentNew >= s.newEdgeBurst();
        String threshold;
        if (admin) {
            threshold = "new edge on admin port " + c.dstPort;
        } else if (burst) {
            threshold = recentNew + " new edges within the window (threshold " + s.newEdgeBurst() + ")";
        } else if (c.crossesSubnet) {
            threshold = "new edge across subnets";
        } else {
            return;
        }
        List<Connection> set = burst ? st.newEdges : List.of(c);
        activity(st, Detector.NEW_EDGE, NEW_EDGE, c, set, admin || burst ? Severity.MEDIUM : Severity.LOW, threshold,
                s.newEdgeWindow(), out);
    }

    private void deniedThenAllowed(SourceState st, Connection c, Output out) {
        List<Connection> sameHost = new ArrayList<>();
        List<Connection> samePort = new ArrayList<>();
        for (Connection x : st.denied) {
            if (x.time < c.time - s.deniedThenAllowedWindow() || exempt(x, DENIED_THEN_ALLOWED)) {
                continue;
            }
            if (x.dst.equals(c.dst)) {
                sameHost.add(x);
            }
            if (x.dstPort == c.dstPort && x.protocol.equals(c.protocol)) {
                samePort.add(x);
            }
        }
        int needed = s.deniedThenAllowedDenied();
        List<Connection> set;
        String threshold;
        if (sameHost.size() >= needed) {
            set = sameHost;
            threshold = sameHost.size() + " denied attempts to " + c.dst + " before this allowed one (threshold " + needed + ")";
        } else if (samePort.size() >= needed) {
            set = samePort;
            threshold = samePort.size() + " denied attempts on port " + c.dstPort + " before this allowed one (threshold " + needed + ")";
        } else {
            return;
        }
        List<Connection> all = new ArrayList<>(set);
        all.add(c);
        activity(st, Detector.DENIED_THEN_ALLOWED, DENIED_THEN_ALLOWED, c, all, Severity.HIGH, threshold,
                s.deniedThenAllowedWindow(), out);
    }

    private static boolean exempt(Connection x, int bit) {
        return (x.exempt & bit) != 0;
    }

    // ---- episodes

    /**
     * A connection at which the detector's threshold holds: opens an episode (emitting its alert)
     * or folds into the open one (emitting when the severity rises or the count doubled).
     */
    private Episode activity(SourceState st, String detector, int bit, Connection c, List<Connection> set,
            Severity severity, String threshold, long window, Output out) {
        Episode e = st.episodes.get(detector);
        if (e != null && c.time - e.lastSeen >= s.quietPeriod()) {
            close(st, e, out);
            e = null;
        }
        boolean opened = e == null;
        if (opened) {
            e = new Episode();
            e.detector = detector;
            e.entity = c.src;
            e.id = ContentIds.of(Detector.alertType(detector), c.src, Long.toString(c.time));
            e.severity = severity.name();
            e.windowMillis = window;
            st.episodes.put(detector, e);
        }
        for (Connection x : set) {
            if ((x.folded & bit) == 0) {
                e.fold(x, s.isAdminPort(x.dstPort));
                x.folded |= bit;
            }
        }
        e.lastSeen = Math.max(e.lastSeen, c.time);
        e.threshold = threshold;
        boolean rose = severity.ordinal() > Severity.valueOf(e.severity).ordinal();
        if (rose) {
            e.severity = severity.name();
        }
        if (opened || rose || e.count >= 2 * e.emittedCount) {
            emit(e, out);
            e.updateAt = c.time + e.windowMillis;
        } else if (e.updateAt == Long.MAX_VALUE && e.changedSinceEmitted()) {
            e.updateAt = c.time + e.windowMillis;
        }
        return e;
    }

    private static void emit(Episode e, Output out) {
        out.alert(LateralAlerts.of(e));
        e.emitted();
    }

    /**
     * An episode that changed since it was last emitted is emitted again one window after (in event
     * time), so the document people see does not lag until the episode ends; at times that depend
     * only on the connections, so every arrival order and restart gives the same versions.
     */
    private static void emitDueUpdates(SourceState st, long upTo, Output out) {
        for (Episode e : st.episodes.values()) {
            while (e.updateAt <= upTo) {
                long due = e.updateAt;
                if (e.changedSinceEmitted()) {
                    emit(e, out);
                    e.updateAt = due + e.windowMillis;
                } else {
                    e.updateAt = Long.MAX_VALUE;
                }
            }
        }
    }

    private void closeQuietEpisodes(SourceState st, long watermark, Output out) {
        for (Iterator<Episode> it = st.episodes.values().iterator(); it.hasNext(); ) {
            Episode e = it.next();
            if (watermark >= e.lastSeen + s.quietPeriod()) {
                if (e.changedSinceEmitted()) {
                    emit(e, out);
                }
                it.remove();
            }
        }
    }

    private void close(SourceState st, Episode e, Output out) {
        if (e.changedSinceEmitted()) {
            emit(e, out);
        }
        st.episodes.remove(e.detector);
    }
}
