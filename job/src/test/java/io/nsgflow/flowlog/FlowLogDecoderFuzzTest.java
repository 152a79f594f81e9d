package io.nsgflow.flowlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nsgflow.net.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The decoder never throws and everything it returns is well-formed. In a normal test run this
 * replays the corpus in {@code FlowLogDecoderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class FlowLogDecoderFuzzTest {

    private static final int EXCERPT = 64;
    private static final Pattern MAC = Pattern.compile("([0-9A-F]{2}-){5}[0-9A-F]{2}");
    private static final FlowLogDecoder DECODER = new FlowLogDecoder(EXCERPT);
    private static final SpecificDatumWriter<FlowRecord> WRITER = new SpecificDatumWriter<>(FlowRecord.class);

    @FuzzTest(maxDuration = "10m")
    void decodeNeverThrowsAndOutputIsWellFormed(byte[] input) throws IOException {
        DecodeResult result = DECODER.decode(input);

        for (FlowRecord r : result.flowRecords()) {
            assertThat(r.getLogFormat()).isNotNull();
            assertThat(r.getEventTime()).isNotNegative();
            assertThat(IpAddress.parse(r.getSrcIp()).canonicalTextOf(r.getSrcIp(), 0, r.getSrcIp().length())).isEqualTo(r.getSrcIp());
            assertThat(IpAddress.parse(r.getDstIp()).canonicalTextOf(r.getDstIp(), 0, r.getDstIp().length())).isEqualTo(r.getDstIp());
            // the bits the record carries are the address its text names
            assertThat(IpAddress.of(r.getSrcIpHigh(), r.getSrcIpLow())).isEqualTo(IpAddress.parse(r.getSrcIp()));
            assertThat(IpAddress.of(r.getDstIpHigh(), r.getDstIpLow())).isEqualTo(IpAddress.parse(r.getDstIp()));
            assertThat(r.getSrcPort()).isBetween(0, 65535);
            assertThat(r.getDstPort()).isBetween(0, 65535);
            assertThat(r.getProtocol()).isBetween(0, 255);
            assertThat(r.getDirection()).isNotNull();
            assertThat(r.getDecision()).isNotNull();
            assertThat(r.getFlowState() == null).isEqualTo(r.getLogFormat() == LogFormat.NSG_V1);
            for (Long c : new Long[] {r.getPacketsSrcToDst(), r.getBytesSrcToDst(), r.getPacketsDstToSrc(),
                r.getBytesDstToSrc()}) {
                assertThat(c == null || c >= 0).isTrue();
            }
            if (r.getMac() != null) {
                assertThat(r.getMac()).matches(MAC);
            }
            if (r.getRecordMac() != null) {
                assertThat(r.getRecordMac()).matches(MAC);
            }
            if (r.getLogFormat() == LogFormat.VNET_V4) {
                assertThat(r.getEncryption()).isNotEmpty();
            } else {
                assertThat(r.getEncryption()).isNull();
            }
            // serializable with its own schema (no null in a non-null field)
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(), null);
            WRITER.write(r, encoder);
            encoder.flush();
        }
        for (Rejection r : result.rejections()) {
            assertThat(r.reason()).isNotNull();
            assertThat(r.message()).isNotBlank();
            assertThat(r.excerpt()).isNotNull();
            assertThat(r.excerpt().length()).isLessThanOrEqualTo(EXCERPT);
            assertThat(r.document()).isNotNegative();
            assertThat(r.record()).isGreaterThanOrEqualTo(-1);
            assertThat(r.path()).isNotNull();
            assertThat(r.offset()).isBetween(0L, (long) input.length);
        }
        assertThat(result.logRecords()).isNotNegative();
        assertThat(result.extraFields()).isNotNegative();
        // the streaming interface hands out the same, in the same order
        java.util.List<Object> streamed = new java.util.ArrayList<>();
        java.util.List<Object> collected = new java.util.ArrayList<>(result.flowRecords());
        collected.addAll(result.rejections());
        java.util.List<Rejection> streamedRejections = new java.util.ArrayList<>();
        FlowLogDecoder.Counts counts = DECODER.decode(input, 0, input.length, new FlowLogDecoder.Output() {
            @Override
            public void flowRecord(FlowRecord r) {
                streamed.add(r);
            }

            @Override
            public void rejection(Rejection r) {
                streamedRejections.add(r);
            }
        });
        streamed.addAll(streamedRejections);
        assertThat(streamed).isEqualTo(collected);
        assertThat(counts.logRecords()).isEqualTo(result.logRecords());
        assertThat(counts.extraFields()).isEqualTo(result.extraFields());
    }
}
