package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires decoding into a job: raw payloads in, FlowRecords with event time out, dead letters on the side. */
public final class FlowLogStreams {

    private FlowLogStreams() {}

    /**
     * The decoding operator: FlowRecords timestamped with their {@code eventTime}, watermarks per
     * input partition ({@link PartitionWatermarks}, with {@link FlowLogOptions#WATERMARK_OUT_OF_ORDERNESS}
     * and {@link FlowLogOptions#WATERMARK_IDLENESS}); its side output
     * {@link FlowLogDecodeFunction#DEAD_LETTERS} has the rejections.
     */
    public static SingleOutputStreamOperator<FlowRecord> decode(DataStream<RawPayload> raw, Configuration conf) {
        FlowLogOptions.validate(conf);
        return raw.transform("flow-log decoder", new FlowRecordTypeInfo(),
                        new FlowLogDecodeOperator(FlowLogDecodeFunction.from(conf),
                                conf.get(FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS).toMillis(),
                                conf.get(FlowLogOptions.WATERMARK_IDLENESS).toMillis()))
                .uid("flowlog-decoder");
    }
}
