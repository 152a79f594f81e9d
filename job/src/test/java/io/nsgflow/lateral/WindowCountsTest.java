package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.T0;
import static io.nsgflow.lateral.LateralFixtures.conn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The incremental counts against a plain recount of the windows after every step of random
 * traffic (connections entering, the oldest leaving), with thresholds low enough that both answers
 * of every question occur.
 */
class WindowCountsTest {

    private static final int DESTINATIONS = 12;
    private static final int[] PORTS = {22, 80, 135, 443, 445, 1433, 3389, 5985, 8080, 8443, 9000, 9001};

    private final LateralSettings settings = LateralOptions.settings(Configuration.fromMap(java.util.Map.of(
            "lateral.port-scan.ports", "6", "lateral.port-scan.failed-ports", "4", "lateral.port-scan.admin-ports", "3",
            "lateral.host-sweep.hosts", "7", "lateral.host-sweep.failed-hosts", "4")));

    @Test
    void agreeWithARecountOfTheWindowsAfterEveryStep() {
        Random r = new Random(42);
        SourceState st = new SourceState();
        WindowCounts counts = WindowCounts.of(st, settings);
        int[] outcomes = new int[6];
        for (int step = 0; step < 20_000; step++) {
            if (st.recent.size() < 40 && r.nextInt(3) > 0) {
                Connection c = random(r, step);
                st.recent.add(c);
                counts.enteredRecent(c);
                if (c.allowed && settings.isAdminPort(c.dstPort)) {
                    st.adminAllowed.add(c);
                    counts.enteredAdmin(c);
                }
            } else {
                int n = 1 + r.nextInt(3);
                List<Connection> left = st.recent.subList(0, Math.min(n, st.recent.size()));
                counts.leftRecent(left);
                left.clear();
                List<Connection> leftAdmin = st.adminAllowed.subList(0, Math.min(r.nextInt(3), st.adminAllowed.size()));
                counts.leftAdmin(leftAdmin);
                leftAdmin.clear();
            }
            for (int d = 0; d < DESTINATIONS; d++) {
                boolean expected = portScanPossible(st, host(d));
                assertThat(counts.portScanPossible(host(d))).as("step %d, port scan to %s", step, host(d)).isEqualTo(expected);
                outcomes[expected ? 0 : 1]++;
            }
            for (int port : PORTS) {
                boolean expected = hostSweepPossible(st, port);
                assertThat(counts.hostSweepPossible(port)).as("step %d, sweep on %d", step, port).isEqualTo(expected);
                outcomes[expected ? 2 : 3]++;
            }
            Set<String> admin = new HashSet<>();
            Set<String> fresh = new HashSet<>();
            for (Connection c : st.adminAllowed) {
                if ((c.exempt & SourceDetectors.bit(Detector.ADMIN_FANOUT)) == 0) {
                    admin.add(c.dst);
                    if (c.newAdminDestination) {
                        fresh.add(c.dst);
                    }
                }
            }
            assertThat(counts.adminDestinations()).as("step %d", step).isEqualTo(admin.size());
            assertThat(counts.newAdminDestinations()).as("step %d", step).isEqualTo(fresh.size());
            outcomes[admin.isEmpty() ? 4 : 5]++;
            if (step % 1000 == 0) {
                // rebuilt from the windows (after a restore): the same answers from here on
                counts = WindowCounts.of(st, settings);
            }
        }
        assertThat(java.util.Arrays.stream(outcomes).boxed().toList()).as("every answer occurred").allMatch(n -> n > 100);
    }

    private static Connection random(Random r, int step) {
        Connection c = conn(T0 + step * 1000L, "10.1.1.4", host(r.nextInt(DESTINATIONS)), PORTS[r.nextInt(PORTS.length)],
                r.nextInt(3) > 0);
        c.newAdminDestination = r.nextBoolean();
        c.exempt = r.nextInt(5) == 0 ? SourceDetectors.bit(Detector.ADMIN_FANOUT) : 0;
        return c;
    }

    private static String host(int i) {
        return "10.1.2." + (10 + i);
    }

    private boolean portScanPossible(SourceState st, String dst) {
        Set<Integer> ports = new HashSet<>();
        Set<Integer> denied = new HashSet<>();
        Set<Integer> admin = new HashSet<>();
        for (Connection c : st.recent) {
            if (c.dst.equals(dst)) {
                ports.add(c.dstPort);
                if (!c.allowed) {
                    denied.add(c.dstPort);
                }
                if (settings.isAdminPort(c.dstPort)) {
                    admin.add(c.dstPort);
                }
            }
        }
        return ports.size() >= 6 || denied.size() >= 4 || admin.size() >= 3;
    }

    private static boolean hostSweepPossible(SourceState st, int port) {
        Set<String> hosts = new HashSet<>();
        Set<String> denied = new HashSet<>();
        for (Connection c : st.recent) {
            if (c.dstPort == port) {
                hosts.add(c.dst);
                if (!c.allowed) {
                    denied.add(c.dst);
                }
            }
        }
        return hosts.size() >= 7 || denied.size() >= 4;
    }
}
