package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires decoding into a job: raw payloads in, FlowRecords out (dead letters on the side), then event time. */
public final class FlowLogStreams {

    private FlowLogStreams() {}

    /** Assigns event time ({@code eventTime}) and watermarks to decoded flow records. */
    public static DataStream<FlowRecord> withEventTime(DataStream<FlowRecord> decoded, Configuration conf) {
        return decoded.assignTimestampsAndWatermarks(FlowLogWatermarks.strategy(conf))
                .uid("flowlog-event-time")
                .name("flow-log event time");
    }

    /** The decoding operator; its side output {@link FlowLogDecodeFunction#DEAD_LETTERS} has the rejections. */
    public static SingleOutputStreamOperator<FlowRecord> decodeOnly(DataStream<RawPayload> raw, Configuration conf) {
        return raw.process(FlowLogDecodeFunction.from(conf), new FlowRecordTypeInfo())
                .name("flow-log decoder").uid("flowlog-decoder");
    }
}
