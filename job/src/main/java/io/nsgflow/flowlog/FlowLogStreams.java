package io.nsgflow.flowlog;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires decoding into a job: raw payloads in, FlowRecords with event time out, dead letters on the side. */
public final class FlowLogStreams {

    private FlowLogStreams() {}

    /**
     * Decodes {@code raw} and assigns event time and watermarks. Dead letters:
     * {@code result.getSideOutput(FlowLogDecodeFunction.DEAD_LETTERS)} is not available on the
     * returned stream (it has watermarks applied); use {@link #decodeOnly} when both are needed.
     */
    public static DataStream<FlowRecord> decodeWithEventTime(DataStream<RawPayload> raw, Configuration conf) {
        return withEventTime(decodeOnly(raw, conf), conf);
    }

    /** Assigns event time ({@code eventTime}) and watermarks to decoded flow records. */
    public static DataStream<FlowRecord> withEventTime(DataStream<FlowRecord> decoded, Configuration conf) {
        return decoded.assignTimestampsAndWatermarks(FlowLogWatermarks.strategy(conf))
                .uid("flowlog-event-time")
                .name("flow-log event time");
    }

    /** The decoding operator; its side output {@link FlowLogDecodeFunction#DEAD_LETTERS} has the rejections. */
    public static SingleOutputStreamOperator<FlowRecord> decodeOnly(DataStream<RawPayload> raw, Configuration conf) {
        return raw.process(FlowLogDecodeFunction.from(conf), new AvroTypeInfo<>(FlowRecord.class))
                .name("flow-log decoder").uid("flowlog-decoder");
    }
}
