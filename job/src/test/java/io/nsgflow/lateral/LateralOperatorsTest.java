package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The thin Flink operators: event time, the allow-list broadcast, state and timers cleaned up. */
class LateralOperatorsTest {

    private final LateralSettings settings = LateralSettings.defaults().withLearningPeriod(HOUR);

    @Test
    void stateTypesArePojosNotKryo() {
        for (Class<?> c : List.of(SourceState.class, SourceSchedule.class, PivotState.class, Connection.class, AdminHop.class, AllowList.class)) {
            assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            assertThat(TypeInformation.of(c).toString()).as(c.getSimpleName()).doesNotContain("GenericType");
        }
    }

    /** Heap state hands back the stored object, RocksDB a copy: an update left out shows only on RocksDB. */
    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    private static KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> sourceHarness(
            LateralSettings settings, String backend) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new LateralDetectorFunction(settings),
                        c -> c.src, Types.STRING, LateralDetectorFunction.ALLOW_LIST);
        h.setStateBackend(backend(backend));
        return h;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void perSourceOperatorAlertsWhenTheWatermarkPassesAndCleansUp(String backend) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> h = sourceHarness(settings, backend);
        try (h) {
            h.open();
            List<Connection> conns = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                conns.add(conn(T0 + i * 10_000, "10.1.1.4", "10.1.2.4", 1000 + i, false));
            }
            // out of order within the bound: the last arrives first
            h.processElement(conns.get(14), conns.get(14).time);
            for (int i = 0; i < 14; i++) {
                h.processElement(conns.get(i), conns.get(i).time);
            }
            assertThat(h.extractOutputValues()).isEmpty(); // nothing before the watermark
            // a timer at the earliest waiting connection, not one per connection (the first one's stays)
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            h.watermark(T0 + 2 * MIN);
            assertThat(h.extractOutputValues()).isEmpty(); // 13 ports so far
            h.watermark(T0 + 3 * MIN);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(a -> assertThat(a.getType()).isEqualTo("lateral.port_scan"));
            h.watermark(Long.MAX_VALUE);
            assertThat(h.numEventTimeTimers()).isZero();
            for (String name : List.of(LateralDetectorFunction.STATE.getName(),
                    LateralDetectorFunction.WAITING.getName(), LateralDetectorFunction.SCHEDULE.getName())) {
                assertThat(h.getOperator().getKeyedStateBackend().getKeys(name, VoidNamespace.INSTANCE).count())
                        .as(name).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aSourceBusierThanTheCapBeforeAnyWatermarkAlertsAsTheDetectorsDo(String backend) throws Exception {
        // a port scan of 300 ports, one a second, with at most 100 connections waiting: the oldest are
        // processed early; the operator must raise what the detectors raise on the same input
        Configuration conf = new Configuration();
        conf.set(LateralOptions.MAX_CONNECTIONS_PER_HOST, 100);
        LateralSettings capped = LateralOptions.settings(conf).withLearningPeriod(HOUR);
        SourceDetectors reference = new SourceDetectors(capped);
        SourceState st = new SourceState();
        Collected expected = new Collected();
        int early = 0;
        for (Connection c : portScan300()) { // the detectors mark what they offer: fresh copies for each run
            early += reference.offer(st, c, null, expected);
        }
        reference.advance(st, Long.MAX_VALUE - 1, null, expected);
        assertThat(early).isPositive();
        assertThat(expected.emitted).isNotEmpty();

        KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> h = sourceHarness(capped, backend);
        try (h) {
            h.open();
            for (Connection c : portScan300()) {
                h.processElement(c, c.time);
                assertThat(waiting(h, c.src)).isLessThanOrEqualTo(100);
            }
            assertThat(h.extractOutputValues()).isEqualTo(expected.emitted.subList(0, h.extractOutputValues().size()));
            h.watermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).isEqualTo(expected.emitted);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static int waiting(KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> h, String source)
            throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(source);
        int n = 0;
        for (Connection ignored : backend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LateralDetectorFunction.WAITING).get()) {
            n++;
        }
        return n;
    }

    private static List<Connection> portScan300() {
        List<Connection> scan = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            scan.add(conn(T0 + i * 1000L, "10.1.1.4", "10.1.2.4", 1000 + i, false));
        }
        return scan;
    }

    @Test
    void anAllowListMessageReplacesTheListInForce() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, Connection, AllowList, Alert> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new LateralDetectorFunction(
                                settings.withAllowList(AllowLists.read("{\"source\":\"10.1.1.4\"}", "file"))),
                        c -> c.src, Types.STRING, LateralDetectorFunction.ALLOW_LIST);
        try (h) {
            h.open();
            for (int i = 0; i < 15; i++) {
                h.processElement(conn(T0 + i * 1000, "10.1.1.4", "10.1.2.4", 1000 + i, false), T0 + i * 1000);
            }
            h.watermark(T0 + MIN);
            assertThat(h.extractOutputValues()).isEmpty(); // exempt by the file's list
            h.processBroadcastElement(AllowLists.read("{\"source\":\"10.9.9.9\"}", "message"), T0 + MIN);
            for (int i = 0; i < 15; i++) {
                h.processElement(conn(T0 + 2 * HOUR + i * 1000, "10.1.1.4", "10.1.2.4", 2000 + i, false), T0 + 2 * HOUR);
            }
            h.watermark(T0 + 3 * HOUR);
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void pivotOperatorFindsChainsAcrossSourcesAndCleansUp() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AdminHop, Alert> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new PivotChainFunction(settings),
                        x -> PivotChainFunction.KEY, Types.STRING);
        try (h) {
            h.open();
            AdminHop bc = AdminHop.of(conn(T0 + 10 * MIN, "10.1.2.4", "10.1.3.4", 22, true), false);
            AdminHop ab = AdminHop.of(conn(T0, "10.1.1.4", "10.1.2.4", 3389, true), true);
            h.processElement(bc, bc.time);
            h.processElement(ab, ab.time);
            assertThat(h.extractOutputValues()).isEmpty(); // the watermark has not passed them
            h.processWatermark(T0 + 10 * MIN);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(a -> assertThat(a.getRelatedIps()).containsExactly("10.1.1.4", "10.1.2.4", "10.1.3.4"));
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.getOperator().getKeyedStateBackend()
                    .getKeys(PivotChainFunction.STATE.getName(), VoidNamespace.INSTANCE).count()).isZero();
        }
    }
}
