package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import io.nsgflow.evaluate.EvaluatedFlow;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the lateral-movement detectors: evaluated flows -> east-west connection starts -> keyed by
 * source (per-source detectors, with the allow-list broadcast) -> alerts, and their admin-port hops
 * -> the pivot-chain detector -> alerts.
 */
public final class LateralStreams {

    private LateralStreams() {}

    /**
     * @param allowLists allow-list messages from the policy topic (each replaces the list in force)
     */
    public static DataStream<Alert> build(DataStream<EvaluatedFlow> evaluated, DataStream<AllowList> allowLists,
            LateralSettings settings) {
        ConnectionFilter filter = new ConnectionFilter(settings.internalPrefixes());
        AvroTypeInfo<Alert> alertType = new AvroTypeInfo<>(Alert.class);
        DataStream<Connection> connections = evaluated
                .flatMap((EvaluatedFlow e, org.apache.flink.util.Collector<Connection> out) -> {
                    Connection c = filter.connection(e);
                    if (c != null) {
                        out.collect(c);
                    }
                }, new ConnectionTypeInfo())
                .uid("lateral-connections")
                .name("east-west connection starts");
        SingleOutputStreamOperator<Alert> perSource = connections
                .keyBy(c -> c.src, org.apache.flink.api.common.typeinfo.Types.STRING)
                .connect(allowLists.broadcast(LateralDetectorFunction.ALLOW_LIST))
                .process(new LateralDetectorFunction(settings), alertType)
                .uid("lateral-detectors")
                .name("lateral movement per source");
        DataStream<Alert> chains = perSource.getSideOutput(LateralDetectorFunction.HOPS)
                .keyBy(h -> PivotChainFunction.KEY, org.apache.flink.api.common.typeinfo.Types.STRING)
                .process(new PivotChainFunction(settings), alertType)
                .uid("lateral-pivot-chains")
                .name("pivot chains");
        return perSource.union(chains);
    }
}
