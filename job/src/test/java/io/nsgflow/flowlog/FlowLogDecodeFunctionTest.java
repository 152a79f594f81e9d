package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import static io.nsgflow.flowlog.FlowLogJson.nsgRecord;
import static io.nsgflow.flowlog.FlowLogJson.records;
import static io.nsgflow.flowlog.FlowLogJson.utf8;
import static io.nsgflow.flowlog.FlowLogJson.vnetRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FlowLogDecodeFunctionTest {

    private static final String V2_GOOD = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,";
    private static final String V2_BAD_PORT = "1700000000,10.0.0.1,10.0.0.2,1234,70000,T,O,A,B,,,,";
    private static final String VNET_GOOD = "1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0";
    private static final String VNET_BAD_STATE = "1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,Q,X,0,0,0,0";

    @Test
    void decodesToMainOutputAndRejectsToDeadLettersWithCounters() throws Exception {
        FlowLogDecodeFunction fn = new FlowLogDecodeFunction(32, 20);
        try (OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            byte[] kafkaBytes = utf8(records(nsgRecord(2, V2_GOOD, V2_BAD_PORT, V2_GOOD), vnetRecord(VNET_GOOD)));
            h.processElement(RawPayload.fromKafka(kafkaBytes, "flowlogs", 3, 42L), 0L);
            byte[] fileBytes = utf8(records(vnetRecord(VNET_BAD_STATE)) + "\nnot json\n");
            h.processElement(RawPayload.fromFile(fileBytes, "/data/blob.json"), 0L);

            List<FlowRecord> out = h.extractOutputValues();
            assertThat(out).extracting(FlowRecord::getLogFormat)
                    .containsExactly(LogFormat.NSG_V2, LogFormat.NSG_V2, LogFormat.VNET_V4);

            ConcurrentLinkedQueue<StreamRecord<DeadLetter>> side = h.getSideOutput(FlowLogDecodeFunction.DEAD_LETTERS);
            List<DeadLetter> dead = side.stream().map(StreamRecord::getValue).toList();
            assertThat(dead).extracting(DeadLetter::getReason).containsExactly("PORT", "STATE", "UNREADABLE");
            assertThat(dead).extracting(DeadLetter::getStage).containsOnly("flowlog-decoder");

            DeadLetter port = dead.get(0);
            assertThat(port.getOrigin().getKind()).isEqualTo("kafka");
            assertThat(port.getOrigin().getTopic()).isEqualTo("flowlogs");
            assertThat(port.getOrigin().getPartition()).isEqualTo(3);
            assertThat(port.getOrigin().getOffset()).isEqualTo(42L);
            assertThat(port.getOrigin().getPath()).isNull();
            assertThat(port.getMessage()).contains("70000");
            assertThat(port.getExcerpt()).isEqualTo(V2_BAD_PORT.substring(0, 20));
            // the byte of the bad tuple itself (its opening quote), not of its record (byte 12)
            assertThat(port.getLocation()).isEqualTo("document 0, byte "
                    + new String(kafkaBytes, StandardCharsets.UTF_8).indexOf("\"" + V2_BAD_PORT + "\"")
                    + ": records[0].properties.flows[0].flows[0].flowTuples[1]");
            assertThat(port.getPayloadSize()).isEqualTo(kafkaBytes.length);
            assertThat(StandardCharsets.UTF_8.decode(port.getPayload()).toString())
                    .isEqualTo(new String(kafkaBytes, 0, 32, StandardCharsets.UTF_8));
            assertThat(port.getTime()).isPositive();

            DeadLetter unreadable = dead.get(2);
            assertThat(unreadable.getOrigin().getKind()).isEqualTo("file");
            assertThat(unreadable.getOrigin().getPath()).isEqualTo("/data/blob.json");
            assertThat(unreadable.getOrigin().getPosition())
                    .isEqualTo((long) (records(vnetRecord(VNET_BAD_STATE)) + "\n").length());
            assertThat(unreadable.getOrigin().getTopic()).isNull();

            assertThat(fn.count("records")).isEqualTo(3);
            assertThat(fn.count("tuples")).isEqualTo(3);
            assertThat(fn.count("rejections")).isEqualTo(3);
            assertThat(fn.count("PORT")).isEqualTo(1);
            assertThat(fn.count("STATE")).isEqualTo(1);
            assertThat(fn.count("UNREADABLE")).isEqualTo(1);
            assertThat(fn.count("ADDRESS")).isZero();
        }
    }

    @Test
    void emptyKafkaValueGivesNothingAndNoError() throws Exception {
        FlowLogDecodeFunction fn = new FlowLogDecodeFunction(32, 20);
        try (OneInputStreamOperatorTestHarness<RawPayload, FlowRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            h.processElement(RawPayload.fromKafka(new byte[0], "t", 0, 0L), 0L);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(FlowLogDecodeFunction.DEAD_LETTERS)).isNullOrEmpty();
            assertThat(fn.count("rejections")).isZero();
        }
    }
}
