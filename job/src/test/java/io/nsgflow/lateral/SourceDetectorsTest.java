package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.alert.Alert;
import io.nsgflow.alert.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SourceDetectorsTest {

    private static final String A = "10.1.1.4";
    private static final String B = "10.1.2.4";

    /** Defaults, but a one-hour warm-up so the baseline cases fit in a day. */
    private final LateralSettings settings = LateralSettings.defaults().withLearningPeriod(HOUR);

    private Collected run(List<Connection> conns) {
        return run(settings, conns, null);
    }

    /** Offers everything (in the given order), then lets the watermark pass it all. */
    private Collected run(LateralSettings s, List<Connection> conns, AllowList list) {
        SourceDetectors d = new SourceDetectors(s);
        java.util.Map<String, SourceState> states = new java.util.HashMap<>();
        Collected out = new Collected();
        for (Connection c : conns) {
            d.offer(states.computeIfAbsent(c.src, k -> new SourceState()), c, list, out);
        }
        for (SourceState st : states.values()) {
            d.advance(st, Long.MAX_VALUE - 1, list, out);
        }
        return out;
    }

    /** n denied attempts from A to B on ports 1000.., one every 10 s from {@code start}. */
    private static List<Connection> deniedPorts(long start, int n) {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(conn(start + i * 10_000, A, B, 1000 + i, false));
        }
        return out;
    }

    // ---- port scan

    @Test
    void fourteenDeniedPortsAreNoScanFifteenAre() {
        assertThat(run(deniedPorts(T0, 14)).ofType(Detector.PORT_SCAN)).isEmpty();
        List<Alert> scans = run(deniedPorts(T0, 15)).ofType(Detector.PORT_SCAN);
        assertThat(scans).hasSize(1);
        Alert a = scans.get(0);
        assertThat(a.getEntity()).isEqualTo(A);
        assertThat(a.getDestinationIp()).isEqualTo(B);
        assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(a.getCount()).isEqualTo(15);
        assertThat(a.getEvidence()).containsEntry("denied", "15").containsEntry("ports_total", "15");
        assertThat(a.getTechniqueId()).isEqualTo("T1046");
        assertThat(a.getTactic()).isEqualTo("Discovery");
        assertThat(a.getFirstSeen()).isEqualTo(T0);
        assertThat(a.getLastSeen()).isEqualTo(T0 + 14 * 10_000);
    }

    @Test
    void portsSpreadOverMoreThanTheWindowAreNoScan() {
        // 15 denied ports, one every 22 s: 14 x 22 s = 5 min 8 s, so no 5-minute window holds 15
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            conns.add(conn(T0 + i * 22_000, A, B, 1000 + i, false));
        }
        assertThat(run(conns).ofType(Detector.PORT_SCAN)).isEmpty();
    }

    @Test
    void fiveAdminPortsAttemptedAreAScanHighWhenOneWasAllowed() {
        int[] admin = {22, 135, 139, 445, 3389};
        List<Connection> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(conn(T0 + i * 1000, A, B, admin[i], false));
        }
        assertThat(run(four).ofType(Detector.PORT_SCAN)).isEmpty();
        List<Connection> five = new ArrayList<>(four);
        five.add(conn(T0 + 4000, A, B, 3389, true));
        Alert a = run(five).ofType(Detector.PORT_SCAN).get(0);
        assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(a.getRules()).extracting(r -> r.getRule()).containsExactly("securityRules/AllowAdmin");
    }

    @Test
    void fiftyPortsAttemptedEvenAllowedAreAScan() {
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            conns.add(conn(T0 + i * 1000, A, B, 2000 + i, true));
        }
        assertThat(run(conns).ofType(Detector.PORT_SCAN)).isEmpty();
        conns.add(conn(T0 + 49_000, A, B, 2049, true));
        assertThat(run(conns).ofType(Detector.PORT_SCAN)).hasSize(1);
    }

    @Test
    void outOfOrderArrivalFindsTheSameScan() {
        List<Connection> conns = deniedPorts(T0, 20);
        Alert inOrder = run(conns).ofType(Detector.PORT_SCAN).get(0);
        List<Connection> shuffled = new ArrayList<>(deniedPorts(T0, 20));
        Collections.shuffle(shuffled, new Random(7));
        Alert outOfOrder = run(shuffled).ofType(Detector.PORT_SCAN).get(0);
        assertThat(outOfOrder).isEqualTo(inOrder);
    }

    @Test
    void aConnectionLoggedFourTimesCountsOnce() {
        // 14 ports, each connection logged by four NSGs (same 5-tuple, a few seconds apart): 14 ports, no scan
        List<Connection> conns = new ArrayList<>();
        for (Connection c : deniedPorts(T0, 14)) {
            for (int copy = 0; copy < 4; copy++) {
                Connection x = conn(c.time + copy * 500, c.src, c.dst, c.dstPort, c.allowed);
                x.srcPort = c.srcPort;
                conns.add(x);
            }
        }
        assertThat(run(conns).ofType(Detector.PORT_SCAN)).isEmpty();
        // and at 15 ports the alert counts 15 connections, not 60
        Connection extra = conn(T0 + 200_000, A, B, 1999, false);
        conns.add(extra);
        assertThat(run(conns).ofType(Detector.PORT_SCAN).get(0).getCount()).isEqualTo(15);
    }

    @Test
    void aScanThatGoesOnUpdatesItsAlertAndANewOneStartsAfterTheQuietPeriod() {
        List<Connection> conns = new ArrayList<>(deniedPorts(T0, 40));
        // the same scan again 2 hours later (quiet period 1 h): a new episode
        for (int i = 0; i < 15; i++) {
            conns.add(conn(T0 + 2 * HOUR + i * 1000, A, B, 3000 + i, false));
        }
        Collected out = run(conns);
        List<Alert> scans = out.ofType(Detector.PORT_SCAN);
        assertThat(scans).hasSize(2);
        assertThat(scans.get(0).getCount()).isEqualTo(40);
        assertThat(scans.get(1).getCount()).isEqualTo(15);
        // emitted at 15 (crossing), 30 (doubled) and 40 (closed); the second at 15 and never again
        assertThat(out.emitted.stream().filter(a -> a.getId().equals(scans.get(0).getId())).map(Alert::getCount))
                .containsExactly(15L, 30L, 40L);
    }

    // ---- host sweep

    private static List<Connection> sweep(String src, long start, int hosts, int port, boolean allowed, long step) {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            out.add(conn(start + i * step, src, "10.2." + (i / 250) + "." + (1 + i % 250), port, allowed));
        }
        return out;
    }

    @Test
    void anAlertThatGoesOnIsUpdatedOneWindowAfterItsThresholdNotOnlyWhenItEnds() {
        // 30 hosts denied, one every 1.5 s: the alert goes out at the 25th; the other 5 follow one window
        // (5 min) later, long before the episode ends (1 h quiet)
        SourceDetectors d = new SourceDetectors(settings);
        SourceState st = new SourceState();
        Collected out = new Collected();
        List<Connection> sweep = sweep(A, T0, 30, 8080, false, 1_500);
        sweep.forEach(c -> d.offer(st, c, null, out));
        long crossed = sweep.get(24).time;
        d.advance(st, crossed + 5 * MIN - 1, null, out);
        assertThat(out.ofType(Detector.HOST_SWEEP)).singleElement().satisfies(a -> assertThat(a.getCount()).isEqualTo(25));
        assertThat(d.nextWakeUp(st)).isEqualTo(crossed + 5 * MIN);
        d.advance(st, crossed + 5 * MIN, null, out);
        assertThat(out.ofType(Detector.HOST_SWEEP)).singleElement().satisfies(a -> {
            assertThat(a.getCount()).isEqualTo(30);
            assertThat(a.getRevision()).isEqualTo(1);
        });
        // nothing changed since: no further version until the episode ends
        int versions = out.emitted.size();
        d.advance(st, crossed + 20 * MIN, null, out);
        assertThat(out.emitted).hasSize(versions);
    }

    @Test
    void twentyFourDeniedHostsAreNoSweepTwentyFiveAre() {
        assertThat(run(sweep(A, T0, 24, 445, false, 1000)).ofType(Detector.HOST_SWEEP)).isEmpty();
        Alert a = run(sweep(A, T0, 25, 445, false, 1000)).ofType(Detector.HOST_SWEEP).get(0);
        assertThat(a.getEvidence()).containsEntry("destinations_total", "25").containsEntry("ports", "445");
        assertThat(a.getRelatedIps()).hasSize(26).contains(A, "10.2.0.1", "10.2.0.25");
        assertThat(a.getDestinationIp()).isNull();
    }

    @Test
    void ninetyNineAllowedHostsAreNoSweepAHundredAre() {
        assertThat(run(sweep(A, T0, 99, 8080, true, 2000)).ofType(Detector.HOST_SWEEP)).isEmpty();
        assertThat(run(sweep(A, T0, 100, 8080, true, 2000)).ofType(Detector.HOST_SWEEP)).hasSize(1);
    }

    @Test
    void aDnsServerWithManyClientsIsNoSweep() {
        // 300 clients each asking the DNS server: fan-in, every source has one destination
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Connection c = conn(T0 + i * 500, "10.3." + (i / 250) + "." + (1 + i % 250), "10.0.0.53", 53, true);
            c.protocol = "UDP";
            conns.add(c);
        }
        assertThat(run(conns).alerts()).isEmpty();
    }

    // ---- admin fan-out, baseline and warm-up

    @Test
    void adminFanOutNeedsFiveHostsAfterWarmUp() {
        List<Connection> conns = new ArrayList<>();
        conns.add(conn(T0, A, "10.9.9.9", 443, true)); // first seen: warm-up ends an hour later
        // four new admin destinations: threshold of three new destinations crossed at the third
        conns.addAll(sweep(A, T0 + 2 * HOUR, 2, 3389, true, MIN));
        assertThat(run(conns).ofType(Detector.ADMIN_FANOUT)).isEmpty();
        conns.add(conn(T0 + 2 * HOUR + 5 * MIN, A, "10.2.0.3", 3389, true));
        Alert a = run(conns).ofType(Detector.ADMIN_FANOUT).get(0);
        assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(a.getTechniqueId()).isEqualTo("T1021.001");
        assertThat(a.getTactic()).isEqualTo("Lateral Movement");
        assertThat(a.getEvidence().get("threshold")).contains("never reached on admin ports before");
    }

    @Test
    void duringWarmUpFanOutIsLearnedNotAlerted() {
        assertThat(run(sweep(A, T0, 20, 445, true, 1000)).ofType(Detector.ADMIN_FANOUT)).isEmpty();
    }

    @Test
    void aBackupServerReachingFiftyHostsEveryNightStaysInsideItsBaseline() {
        String backup = "10.0.5.10";
        List<Connection> conns = new ArrayList<>();
        for (int night = 0; night < 3; night++) {
            conns.addAll(sweep(backup, T0 + night * 24 * HOUR + 2 * HOUR, 50, 445, true, 10_000));
        }
        Collected out = run(settings, conns, null);
        assertThat(out.alerts()).isEmpty();
        // the same server reaching 50 hosts it never reached: alerted (the warm-up is over)
        List<Connection> other = new ArrayList<>(conns);
        for (int i = 0; i < 50; i++) {
            other.add(conn(T0 + 3 * 24 * HOUR + i * 10_000, backup, "10.7.0." + (1 + i), 445, true));
        }
        assertThat(run(settings, other, null).ofType(Detector.ADMIN_FANOUT)).hasSize(1);
    }

    @Test
    void aSourceBusierThanTheCapWhileTheWatermarkStandsStillKeepsItsBaseline() {
        // replay's BATCH mode: a whole day of one source waits, the watermark passes only at the end;
        // with a cap of 200 waiting connections the oldest are processed early, never lost
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(LateralOptions.MAX_CONNECTIONS_PER_HOST, 200);
        LateralSettings small = LateralOptions.settings(conf).withLearningPeriod(HOUR);
        String backup = "10.0.5.10";
        List<Connection> day = new ArrayList<>(sweep(backup, T0 + 5 * MIN, 50, 445, true, 10_000)); // warm-up
        for (int i = 0; i < 1000; i++) {
            day.add(conn(T0 + i * MIN, backup, "10.0.1.53", 53, true)); // DNS all day long
        }
        day.addAll(sweep(backup, T0 + 22 * HOUR, 50, 445, true, 10_000)); // the nightly backup, inside its baseline
        day.sort(java.util.Comparator.comparingLong(c -> c.time));
        SourceDetectors d = new SourceDetectors(small);
        SourceState st = new SourceState();
        Collected out = new Collected();
        int early = 0;
        for (Connection c : day) {
            early += d.offer(st, c, null, out);
            assertThat(st.pending.size()).isLessThanOrEqualTo(200);
        }
        d.advance(st, Long.MAX_VALUE - 1, null, out);
        assertThat(early).isPositive();
        assertThat(out.alerts()).isEmpty();
    }

    @Test
    void aSourceWithABusyBaselineNeedsTwiceItsPeak() {
        List<Connection> conns = new ArrayList<>();
        // during warm-up: 10 admin destinations within an hour
        conns.addAll(sweep(A, T0, 10, 22, true, MIN));
        // after warm-up: the same 10 and 9 more known ones would be 19 < 2 x 10; 20 alerts
        List<Connection> later = sweep(A, T0 + 3 * HOUR, 10, 22, true, MIN);
        conns.addAll(later);
        assertThat(run(conns).ofType(Detector.ADMIN_FANOUT)).isEmpty();
    }

    // ---- new edge

    @Test
    void aNewAdminEdgeAfterWarmUpIsANewEdgeAlertKnownEdgesAreNot() {
        List<Connection> conns = new ArrayList<>();
        conns.add(conn(T0, A, B, 8080, true));
        conns.add(conn(T0 + 2 * HOUR, A, B, 8080, true)); // known
        assertThat(run(conns).ofType(Detector.NEW_EDGE)).isEmpty();
        conns.add(conn(T0 + 2 * HOUR + MIN, A, B, 22, true)); // new, admin
        Alert a = run(conns).ofType(Detector.NEW_EDGE).get(0);
        assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(a.getDestinationIp()).isEqualTo(B);
    }

    @Test
    void aNewEdgeInsideTheSubnetOnAnOrdinaryPortIsSilentTenInAnHourAreNot() {
        List<Connection> conns = new ArrayList<>();
        conns.add(conn(T0, A, B, 8080, true));
        for (int i = 0; i < 9; i++) {
            Connection c = conn(T0 + 2 * HOUR + i * MIN, A, "10.1.1." + (50 + i), 9000 + i, true);
            c.crossesSubnet = false;
            conns.add(c);
        }
        assertThat(run(conns).ofType(Detector.NEW_EDGE)).isEmpty();
        Connection tenth = conn(T0 + 2 * HOUR + 10 * MIN, A, "10.1.1.60", 9010, true);
        tenth.crossesSubnet = false;
        conns.add(tenth);
        assertThat(run(conns).ofType(Detector.NEW_EDGE).get(0).getCount()).isEqualTo(10);
    }

    // ---- denied then allowed

    @Test
    void fourDeniesThenAnAllowIsSilentFiveAreProbing() {
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            conns.add(conn(T0 + i * MIN, A, B, 3389, false));
        }
        conns.add(viaDefault(conn(T0 + 10 * MIN, A, B, 3389, true)));
        assertThat(run(conns).ofType(Detector.DENIED_THEN_ALLOWED)).isEmpty();
        conns.add(4, conn(T0 + 5 * MIN, A, B, 3389, false));
        Alert a = run(conns).ofType(Detector.DENIED_THEN_ALLOWED).get(0);
        assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(a.getEvidence()).containsEntry("denied", "5").containsEntry("allowed", "1");
        assertThat(a.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getRule()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
            assertThat(r.getDefaultRule()).isTrue();
        });
        assertThat(a.getSegmentationGap()).isTrue();
        assertThat(a.getSummary()).contains("AllowVnetInBound");
    }

    @Test
    void deniesOlderThanTheWindowDoNotCount() {
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            conns.add(conn(T0 + i * MIN, A, B, 3389, false));
        }
        conns.add(conn(T0 + 61 * MIN, A, B, 3389, true)); // the first deny is 61 minutes back
        assertThat(run(conns).ofType(Detector.DENIED_THEN_ALLOWED)).isEmpty();
    }

    // ---- what is never counted

    @Test
    void theAllowListExemptsUntilItExpires() {
        AllowList list = AllowLists.read("{\"source\": \"10.1.1.0/24\", \"detectors\": [\"port_scan\"],"
                + " \"expires\": \"2026-11-20T01:00:00Z\", \"reason\": \"vulnerability scanner\"}", "test");
        assertThat(run(settings, deniedPorts(T0, 20), list).ofType(Detector.PORT_SCAN)).isEmpty();
        // after the expiry (T0 + 1 h) the same scan is counted
        assertThat(run(settings, deniedPorts(T0 + HOUR, 20), list).ofType(Detector.PORT_SCAN)).hasSize(1);
        // another detector is not exempted: the sweep still alerts
        assertThat(run(settings, sweep(A, T0, 30, 445, false, 1000), list).ofType(Detector.HOST_SWEEP)).hasSize(1);
    }

    @Test
    void theAllowListCanNameDestinationAndPorts() {
        AllowList list = AllowLists.read("{\"source\": \"10.1.1.4\", \"destination\": \"10.2.0.0/16\", \"ports\": [445]}", "t");
        assertThat(run(settings, sweep(A, T0, 30, 445, false, 1000), list).alerts()).isEmpty();
        assertThat(run(settings, sweep(A, T0, 30, 139, false, 1000), list).ofType(Detector.HOST_SWEEP)).hasSize(1);
    }

    @Test
    void stateIsForgottenAfterTheRetention() {
        SourceDetectors d = new SourceDetectors(settings);
        SourceState st = new SourceState();
        Collected out = new Collected();
        deniedPorts(T0, 20).forEach(c -> d.offer(st, c, null, out));
        d.advance(st, T0 + HOUR, null, out);
        assertThat(d.isEmpty(st)).isFalse();
        long wake = d.nextWakeUp(st);
        assertThat(wake).isEqualTo(T0 + 19 * 10_000 + HOUR); // the episode's quiet period ends
        d.advance(st, wake, null, out);
        assertThat(st.episodes).isEmpty();
        assertThat(d.nextWakeUp(st)).isEqualTo(T0 + 19 * 10_000 + settings.retention());
        d.advance(st, d.nextWakeUp(st), null, out);
        assertThat(d.isEmpty(st)).isTrue();
        assertThat(st.edges).isEmpty();
        assertThat(st.recent).isEmpty();
    }

    @Test
    void adminHopsGoToThePivotDetectorNovelOnlyAfterWarmUpAndOutsideTheBaseline() {
        List<Connection> conns = new ArrayList<>();
        conns.add(conn(T0, A, B, 22, true)); // warm-up
        conns.add(conn(T0 + 2 * HOUR, A, B, 22, true)); // known
        conns.add(conn(T0 + 2 * HOUR + MIN, A, "10.1.2.5", 22, true)); // new
        conns.add(conn(T0 + 2 * HOUR + 2 * MIN, A, "10.1.2.6", 22, false)); // denied: no hop
        List<AdminHop> hops = run(conns).hops;
        assertThat(hops).extracting(h -> h.dst + " " + h.novel)
                .containsExactly(B + " false", B + " false", "10.1.2.5 true");
    }

    // ---- every detector: out of order within the watermark bound, one connection logged four times

    /** Each detector's case at its threshold, in event-time order (hand-derived: each raises exactly one alert of its type). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> atThreshold() {
        List<Connection> fanout = new ArrayList<>();
        fanout.add(conn(T0, A, "10.9.9.9", 443, true)); // first seen: warm-up ends an hour later
        fanout.addAll(sweep(A, T0 + 2 * HOUR, 3, 3389, true, MIN)); // the third never reached before crosses
        List<Connection> edge = new ArrayList<>();
        edge.add(conn(T0, A, B, 8080, true));
        edge.add(conn(T0 + 2 * HOUR, A, B, 22, true));
        List<Connection> probing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            probing.add(conn(T0 + i * MIN, A, B, 5000 + i, false));
        }
        probing.add(conn(T0 + 6 * MIN, A, B, 1433, true));
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(Detector.PORT_SCAN, deniedPorts(T0, 15)),
                org.junit.jupiter.params.provider.Arguments.of(Detector.HOST_SWEEP, sweep(A, T0, 25, 8080, false, 5_000)),
                org.junit.jupiter.params.provider.Arguments.of(Detector.ADMIN_FANOUT, fanout),
                org.junit.jupiter.params.provider.Arguments.of(Detector.NEW_EDGE, edge),
                org.junit.jupiter.params.provider.Arguments.of(Detector.DENIED_THEN_ALLOWED, probing));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("atThreshold")
    void atTheThresholdOneAlertAndBelowItNone(String detector, List<Connection> conns) {
        assertThat(run(conns).ofType(detector)).hasSize(1);
        // one connection less (the last, which crossed the threshold): nothing of this type
        assertThat(run(conns.subList(0, conns.size() - 1)).ofType(detector)).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("atThreshold")
    void outOfOrderArrivalWithinTheWatermarkBoundRaisesTheSameAlerts(String detector, List<Connection> conns) {
        List<Alert> inOrder = run(conns).alerts();
        long bound = 10 * MIN;
        for (long seed = 1; seed <= 5; seed++) {
            // each connection arrives up to the bound late: ordered by time plus a random delay
            Random r = new Random(seed);
            List<long[]> keyed = new ArrayList<>();
            for (int i = 0; i < conns.size(); i++) {
                keyed.add(new long[] {conns.get(i).time + (long) (r.nextDouble() * bound), i});
            }
            keyed.sort(java.util.Comparator.comparingLong(k -> k[0]));
            SourceDetectors d = new SourceDetectors(settings);
            SourceState st = new SourceState();
            Collected out = new Collected();
            long newest = Long.MIN_VALUE;
            for (long[] k : keyed) {
                Connection c = copy(conns.get((int) k[1]), 0);
                d.offer(st, c, null, out);
                newest = Math.max(newest, c.time);
                d.advance(st, newest - bound - 1, null, out); // the watermark trails the newest by the bound
            }
            d.advance(st, Long.MAX_VALUE - 1, null, out);
            assertThat(out.alerts()).as("seed %d", seed).isEqualTo(inOrder);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("atThreshold")
    void stateRestoredFromItsSerializedFormAfterEveryConnectionRaisesTheSameAlerts(String detector,
            List<Connection> conns) throws Exception {
        // what a checkpoint (and RocksDB, on every read) holds of a source: the operator's serializer
        // (its window counts are derived, so they are rebuilt after each restore)
        var serializer = new SourceStateSerializer();
        SourceDetectors d = new SourceDetectors(settings);
        SourceState st = new SourceState();
        Collected out = new Collected();
        for (Connection c : conns) {
            d.offer(st, copy(c, 0), null, out);
            d.advance(st, c.time, null, out);
            var bytes = new org.apache.flink.core.memory.DataOutputSerializer(4096);
            serializer.serialize(st, bytes);
            st = serializer.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(bytes.getCopyOfBuffer()));
        }
        d.advance(st, Long.MAX_VALUE - 1, null, out);
        assertThat(out.alerts()).isEqualTo(run(conns).alerts());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("atThreshold")
    void aConnectionLoggedByFourNsgsCountsOnce(String detector, List<Connection> conns) {
        List<Alert> once = run(conns).alerts();
        List<Connection> fourTimes = new ArrayList<>();
        for (Connection c : conns) {
            for (int line = 0; line < 4; line++) {
                fourTimes.add(copy(c, line * 2_000L)); // source NIC, source subnet, destination subnet, destination NIC
            }
        }
        Collections.shuffle(fourTimes, new Random(3));
        assertThat(run(fourTimes).alerts()).isEqualTo(once);
    }

    /** The same connection (5-tuple and verdict), logged {@code later} ms after its start. */
    private static Connection copy(Connection c, long later) {
        Connection x = conn(c.time + later, c.src, c.dst, c.dstPort, c.allowed);
        x.srcPort = c.srcPort;
        x.crossesSubnet = c.crossesSubnet;
        return x;
    }
}
