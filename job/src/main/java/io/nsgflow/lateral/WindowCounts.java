package io.nsgflow.lateral;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct counts the per-source thresholds test, kept up to date as connections enter and
 * leave a source's windows, so that a connection which cannot cross a threshold costs a few map
 * lookups instead of a scan of the window (a busy server's 5-minute window holds hundreds of
 * connections, its hour of admin connections thousands).
 *
 * <ul>
 *   <li>Over the recent window (the longer of the port-scan and host-sweep windows, all
 *       connections): per destination the distinct ports attempted, denied and on admin ports; per
 *       port the distinct destinations attempted and denied. Upper bounds of what a detector
 *       counts (its window may be shorter; it leaves out exempt connections and other protocols),
 *       so they only say when the exact count need not be made.
 *   <li>Over the admin fan-out window (allowed admin-port connections not exempt from it): the
 *       distinct destinations, and those new to the source. Exact.
 * </ul>
 *
 * <p>Derived from the windows, not state of its own: {@link #of} rebuilds it from a
 * {@link SourceState} after a restore.
 */
final class WindowCounts {

    private static final class PerDestination {
        final DistinctCounter<Integer> ports = new DistinctCounter<>();
        final DistinctCounter<Integer> deniedPorts = new DistinctCounter<>();
        final DistinctCounter<Integer> adminPorts = new DistinctCounter<>();
        int connections;
    }

    private static final class PerPort {
        final DistinctCounter<String> destinations = new DistinctCounter<>();
        final DistinctCounter<String> deniedDestinations = new DistinctCounter<>();
        int connections;
    }

    private static final PerDestination NO_DESTINATION = new PerDestination();
    private static final PerPort NO_PORT = new PerPort();

    private final LateralSettings settings;
    private final Map<String, PerDestination> byDestination = new HashMap<>();
    private final Map<Integer, PerPort> byPort = new HashMap<>();
    private final DistinctCounter<String> adminDestinations = new DistinctCounter<>();
    private final DistinctCounter<String> newAdminDestinations = new DistinctCounter<>();

    private WindowCounts(LateralSettings settings) {
        this.settings = settings;
    }

    /** The counts of the source's windows as they stand. */
    static WindowCounts of(SourceState st, LateralSettings settings) {
        WindowCounts w = new WindowCounts(settings);
        for (Connection c : st.recent) {
            w.enteredRecent(c);
        }
        for (Connection c : st.adminAllowed) {
            w.enteredAdmin(c);
        }
        return w;
    }

    void enteredRecent(Connection c) {
        countRecent(c, 1);
    }

    void leftRecent(List<Connection> left) {
        for (Connection c : left) {
            countRecent(c, -1);
        }
    }

    private void countRecent(Connection c, int delta) {
        PerDestination d = byDestination.computeIfAbsent(c.dst, k -> new PerDestination());
        PerPort p = byPort.computeIfAbsent(c.dstPort, k -> new PerPort());
        d.ports.add(c.dstPort, delta);
        p.destinations.add(c.dst, delta);
        if (!c.allowed) {
            d.deniedPorts.add(c.dstPort, delta);
            p.deniedDestinations.add(c.dst, delta);
        }
        if (settings.isAdminPort(c.dstPort)) {
            d.adminPorts.add(c.dstPort, delta);
        }
        if ((d.connections += delta) == 0) {
            byDestination.remove(c.dst);
        }
        if ((p.connections += delta) == 0) {
            byPort.remove(c.dstPort);
        }
    }

    void enteredAdmin(Connection c) {
        countAdmin(c, 1);
    }

    void leftAdmin(List<Connection> left) {
        for (Connection c : left) {
            countAdmin(c, -1);
        }
    }

    private void countAdmin(Connection c, int delta) {
        if (!exemptFromFanout(c)) {
            adminDestinations.add(c.dst, delta);
            if (c.newAdminDestination) {
                newAdminDestinations.add(c.dst, delta);
            }
        }
    }

    private static boolean exemptFromFanout(Connection c) {
        return (c.exempt & SourceDetectors.bit(Detector.ADMIN_FANOUT)) != 0;
    }

    /** Whether the distinct ports to {@code dst} (attempted, denied or admin) reach a port-scan threshold. */
    boolean portScanPossible(String dst) {
        PerDestination d = byDestination.getOrDefault(dst, NO_DESTINATION);
        return d.ports.distinct() >= settings.portScanPorts()
                || d.deniedPorts.distinct() >= settings.portScanFailedPorts()
                || d.adminPorts.distinct() >= settings.portScanAdminPorts();
    }

    /** Whether the distinct destinations on {@code port} (attempted or denied) reach a host-sweep threshold. */
    boolean hostSweepPossible(int port) {
        PerPort p = byPort.getOrDefault(port, NO_PORT);
        return p.destinations.distinct() >= settings.hostSweepHosts()
                || p.deniedDestinations.distinct() >= settings.hostSweepFailedHosts();
    }

    /** Distinct destinations of the admin fan-out window. */
    int adminDestinations() {
        return adminDestinations.distinct();
    }

    /** Distinct destinations of the admin fan-out window that were new to the source. */
    int newAdminDestinations() {
        return newAdminDestinations.distinct();
    }
}
