package io.nsgflow.aggregate;

import static io.nsgflow.aggregate.AggregateFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.net.Protocol;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The windows on a MiniCluster: late tuples, too-late tuples, and totals against a naive group-by. */
class AggregateStreamsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-11-20T11:00:00Z").toEpochMilli();

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** A watermark right after every tuple: its time minus 1 ms, so the order of the test is the order of the job. */
    private static final class AfterEveryTuple implements WatermarkGenerator<EvaluatedFlow> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(EvaluatedFlow e, long timestamp, WatermarkOutput out) {
            max = Math.max(max, e.getFlow().getEventTime());
            out.emitWatermark(new Watermark(max - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

    private static EvaluatedFlow webToDb(long time, FlowState state, Long packets, Long bytes) {
        return located(counters(tuple(time, "10.1.1.4", "10.1.2.4", 1433, Direction.INBOUND, Decision.ALLOW, state),
                packets, bytes, packets, bytes).build(), SUBNET_DB, SUBNET_WEB);
    }

    @Test
    void aLateTupleUpdatesItsWindowUnderTheSameIdAndATooLateOneGoesAside() throws Exception {
        List<EvaluatedFlow> input = List.of(
                webToDb(T0 + 10_000, FlowState.BEGIN, null, null),
                webToDb(T0 + 30_000, FlowState.CONTINUING, 10L, 1000L),
                webToDb(T0 + 120_000, FlowState.BEGIN, null, null),     // watermark 11:01:59.999: 11:00 fires
                webToDb(T0 + 40_000, FlowState.END, 3L, 300L),          // late by 1 min, within 5: fires again
                webToDb(T0 + 600_000, FlowState.BEGIN, null, null),     // watermark 11:09:59.999: 11:00 is gone
                webToDb(T0 + 50_000, FlowState.END, 7L, 700L));         // too late
        StreamExecutionEnvironment env = env(1);
        DataStream<EvaluatedFlow> flows = env.fromData(input, new AvroTypeInfo<>(EvaluatedFlow.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(ctx -> new AfterEveryTuple()));
        Configuration conf = new Configuration();
        conf.set(AggregateOptions.ALLOWED_LATENESS, Duration.ofMinutes(5));
        AggregateStreams.Result result = AggregateStreams.buildWithTooLate(flows, conf);
        DataStream<String> out = result.aggregates().map(a -> "total " + AggregateDocument.of(a), Types.STRING)
                .union(result.tooLate().map(a -> "late " + AggregateDocument.of(a), Types.STRING));

        List<JsonNode> rule1100 = new ArrayList<>();
        List<JsonNode> late = new ArrayList<>();
        try (CloseableIterator<String> it = out.executeAndCollect("aggregate lateness")) {
            while (it.hasNext()) {
                String line = it.next();
                JsonNode doc = JSON.readTree(line.substring(line.indexOf(' ') + 1));
                if (line.startsWith("late ")) {
                    late.add(doc);
                } else if (doc.at("/@timestamp").asText().equals("2026-11-20T11:00:00Z")
                        && doc.at("/nsgflow/aggregate/kind").asText().equals("rule")) {
                    rule1100.add(doc);
                }
            }
        }
        // first firing: B + C (10+10 packets, 1000+1000 bytes); then with the late E (3+3, 300+300)
        assertThat(rule1100).hasSize(2);
        assertThat(rule1100.get(0).at("/nsgflow/aggregate/tuples").asLong()).isEqualTo(2);
        assertThat(rule1100.get(0).at("/network/bytes").asLong()).isEqualTo(2000);
        assertThat(rule1100.get(0).at("/network/packets").asLong()).isEqualTo(20);
        assertThat(rule1100.get(1).at("/nsgflow/aggregate/tuples").asLong()).isEqualTo(3);
        assertThat(rule1100.get(1).at("/nsgflow/aggregate/flows").asLong()).isEqualTo(1);
        assertThat(rule1100.get(1).at("/network/bytes").asLong()).isEqualTo(2600);
        assertThat(rule1100.get(1).at("/network/packets").asLong()).isEqualTo(26);
        assertThat(rule1100.get(1).at("/event/id").asText()).isEqualTo(rule1100.get(0).at("/event/id").asText());

        // the too-late tuple's two contributions (rule, east-west), in no total
        assertThat(late).hasSize(2);
        assertThat(late).extracting(d -> d.at("/network/bytes").asLong()).containsOnly(1400L);
        assertThat(late).extracting(d -> d.at("/nsgflow/aggregate/kind").asText())
                .containsExactlyInAnyOrder("rule", "east_west");
    }

    @Test
    void totalsEqualANaiveGroupByOverThousandsOfRandomFlows() throws Exception {
        List<EvaluatedFlow> input = randomFlows(new Random(42), 4000);
        StreamExecutionEnvironment env = env(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<EvaluatedFlow> flows = env.fromData(input, new AvroTypeInfo<>(EvaluatedFlow.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<EvaluatedFlow>forMonotonousTimestamps()
                        .withTimestampAssigner((e, ts) -> e.getFlow().getEventTime()));
        DataStream<FlowAggregate> totals = AggregateStreams.build(flows, new Configuration());

        Map<String, List<Long>> actual = new HashMap<>();
        List<String> ids = new ArrayList<>();
        try (CloseableIterator<FlowAggregate> it = totals.executeAndCollect("aggregate reference")) {
            while (it.hasNext()) {
                FlowAggregate a = it.next();
                ids.add(AggregateDocument.id(a));
                List<Long> previous = actual.put(describe(a), List.of(a.getTuples(), a.getFlows(), a.getAllowed(),
                        a.getDenied(), a.getBytes(), a.getPackets()));
                assertThat(previous).as("one total per key and minute in BATCH mode").isNull();
            }
        }
        Map<String, List<Long>> expected = reference(input);
        assertThat(actual).isEqualTo(expected);
        assertThat(ids).doesNotHaveDuplicates();
        // each tuple in exactly one rule total and one traffic total
        assertThat(expected.entrySet().stream().filter(e -> e.getKey().startsWith("rule"))
                .mapToLong(e -> e.getValue().get(0)).sum()).isEqualTo(input.size());
    }

    private static List<EvaluatedFlow> randomFlows(Random r, int n) {
        String[] subnets = {null, SUBNET_WEB, SUBNET_DB, "/x/subnets/app"};
        String[] ips = {"10.1.1.4", "10.1.1.5", "10.1.2.4", "203.0.113.5", "198.51.100.7", "2001:db8::1"};
        FlowState[] states = {null, FlowState.BEGIN, FlowState.BEGIN, FlowState.CONTINUING, FlowState.END};
        int[] ports = {22, 443, 1433};
        List<EvaluatedFlow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FlowState state = states[r.nextInt(states.length)];
            FlowRecord.Builder f = tuple(T0 + r.nextInt(10 * 60_000), ips[r.nextInt(ips.length)], ips[r.nextInt(ips.length)],
                    ports[r.nextInt(ports.length)], r.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND,
                    r.nextInt(3) == 0 ? Decision.DENY : Decision.ALLOW, state)
                    .setProtocol(r.nextInt(4) == 0 ? 17 : 6)
                    .setRule("UserRule_R" + r.nextInt(3))
                    .setNsgResourceId(r.nextBoolean() ? NSG_DB_ID : "/X/NETWORKSECURITYGROUPS/NSG-APP");
            if (state == FlowState.CONTINUING || state == FlowState.END) {
                counters(f, maybe(r), maybe(r), maybe(r), maybe(r));
            }
            FlowRecord flow = f.build();
            String local = subnets[r.nextInt(subnets.length)];
            EvaluatedFlow.Builder e = EvaluatedFlow.newBuilder().setFlow(flow).setJudged(false);
            if (local != null) {
                e.setLocalSubnetId(local).setRemoteSubnetId(subnets[r.nextInt(subnets.length)])
                        .setObserved(new Judgement(flow.getDecision(), flow.getRule(),
                                flow.getNsgResourceId().endsWith("NSG-DB") ? "nsg-db" : "nsg-app"));
            }
            out.add(e.build());
        }
        return out;
    }

    private static Long maybe(Random r) {
        return r.nextInt(5) == 0 ? null : (long) r.nextInt(100_000);
    }

    /** The naive reference: key strings and sums written out independently of FlowAggregates. */
    private static Map<String, List<Long>> reference(List<EvaluatedFlow> input) {
        Map<String, long[]> sums = new HashMap<>();
        for (EvaluatedFlow e : input) {
            FlowRecord f = e.getFlow();
            String minute = Instant.ofEpochMilli(f.getEventTime() - f.getEventTime() % 60_000).toString();
            String nsg = e.getObserved() != null ? e.getObserved().getNsg()
                    : f.getNsgResourceId().substring(f.getNsgResourceId().lastIndexOf('/') + 1);
            String ruleKey = "rule " + minute + " " + nsg + " " + f.getRule();
            boolean in = f.getDirection() == Direction.INBOUND;
            String trafficKey = e.getLocalSubnetId() != null && e.getRemoteSubnetId() != null
                    ? "ew " + minute + " " + (in ? e.getRemoteSubnetId() : e.getLocalSubnetId()) + " "
                            + (in ? e.getLocalSubnetId() : e.getRemoteSubnetId())
                    : "ns " + minute + " " + (in ? f.getSrcIp() : f.getDstIp()) + " " + f.getDirection();
            trafficKey += " " + f.getDstPort() + " " + Protocol.name(f.getProtocol()) + " " + f.getDecision();
            boolean begins = f.getFlowState() == null || f.getFlowState() == FlowState.BEGIN;
            long[] m = {1, begins ? 1 : 0, begins && f.getDecision() == Decision.ALLOW ? 1 : 0,
                    begins && f.getDecision() == Decision.DENY ? 1 : 0,
                    orZero(f.getBytesSrcToDst()) + orZero(f.getBytesDstToSrc()),
                    orZero(f.getPacketsSrcToDst()) + orZero(f.getPacketsDstToSrc())};
            for (String key : new String[] {ruleKey, trafficKey}) {
                long[] s = sums.computeIfAbsent(key, k -> new long[6]);
                for (int i = 0; i < 6; i++) {
                    s[i] += m[i];
                }
            }
        }
        Map<String, List<Long>> out = new HashMap<>();
        sums.forEach((k, s) -> out.put(k, List.of(s[0], s[1], s[2], s[3], s[4], s[5])));
        return out;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static String describe(FlowAggregate a) {
        String minute = Instant.ofEpochMilli(a.getWindowStart()).toString();
        return switch (a.getKind()) {
            case RULE -> "rule " + minute + " " + a.getRuleset() + " " + a.getRuleName();
            case EAST_WEST -> "ew " + minute + " " + a.getSourceSubnet() + " " + a.getDestinationSubnet() + " "
                    + a.getDestinationPort() + " " + a.getTransport() + " " + a.getOutcome();
            case NORTH_SOUTH -> "ns " + minute + " " + a.getPeer() + " " + a.getDirection() + " "
                    + a.getDestinationPort() + " " + a.getTransport() + " " + a.getOutcome();
        };
    }
}
