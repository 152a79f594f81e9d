package io.nsgflow.flowlog;

import static io.nsgflow.flowlog.FlowLogJson.decode;
import static io.nsgflow.flowlog.FlowLogJson.nsgRecord;
import static io.nsgflow.flowlog.FlowLogJson.records;
import static io.nsgflow.flowlog.FlowLogJson.vnetRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every rejection reason, in each format; the good tuples around a bad one are still decoded. */
class FlowLogRejectionTest {

    private static final String V1_GOOD = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A";
    private static final String V2_GOOD = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,";
    private static final String VNET_GOOD = "1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0";

    static Stream<Arguments> badNsgV2Tuples() {
        return Stream.of(
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,", RejectReason.FIELD_COUNT),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A", RejectReason.FIELD_COUNT),
                Arguments.of("", RejectReason.FIELD_COUNT),
                Arguments.of("17000x0000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.TIMESTAMP),
                Arguments.of("17000000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.TIMESTAMP),
                Arguments.of(",10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.TIMESTAMP),
                Arguments.of("1700000000,10.0.0.256,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,10.0.0.1,010.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,10.0.0.1,host.example,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,10.0.0.1,2001:db8::1::2,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,1:2:3:4:5:6:7,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,fe80::1%eth0,10.0.0.2,1234,80,T,O,A,B,,,,", RejectReason.ADDRESS),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,65536,80,T,O,A,B,,,,", RejectReason.PORT),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,-80,T,O,A,B,,,,", RejectReason.PORT),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,,T,O,A,B,,,,", RejectReason.PORT),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,6,O,A,B,,,,", RejectReason.PROTOCOL),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,t,O,A,B,,,,", RejectReason.PROTOCOL),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,X,A,B,,,,", RejectReason.DIRECTION),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,,A,B,,,,", RejectReason.DIRECTION),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,B,B,,,,", RejectReason.DECISION),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,D,,,,", RejectReason.STATE),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,,,,,", RejectReason.STATE),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,C,1,x,2,3", RejectReason.COUNTER),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,C,1,2,3,-4", RejectReason.COUNTER),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,C,1,2,3,9999999999999999999",
                        RejectReason.COUNTER));
    }

    static Stream<Arguments> badNsgV1Tuples() {
        return Stream.of(
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O", RejectReason.FIELD_COUNT),
                Arguments.of("1.7e9,10.0.0.1,10.0.0.2,1234,80,T,O,A", RejectReason.TIMESTAMP),
                Arguments.of("1700000000,::ffff:1.2.3,10.0.0.2,1234,80,T,O,A", RejectReason.ADDRESS),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,99999,80,T,O,A", RejectReason.PORT),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,TCP,O,A", RejectReason.PROTOCOL),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,IN,A", RejectReason.DIRECTION),
                Arguments.of("1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,", RejectReason.DECISION));
    }

    static Stream<Arguments> badVnetTuples() {
        return Stream.of(
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0", RejectReason.FIELD_COUNT),
                Arguments.of("17000000001,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0", RejectReason.TIMESTAMP),
                Arguments.of("170000000012,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0", RejectReason.TIMESTAMP),
                Arguments.of("17000000001234,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0", RejectReason.TIMESTAMP),
                Arguments.of("1700000000123,10.0.0,10.0.0.2,1234,80,6,O,B,X,0,0,0,0", RejectReason.ADDRESS),
                Arguments.of("1700000000123,10.0.0.1,2001:db8:::1,1234,80,6,O,B,X,0,0,0,0", RejectReason.ADDRESS),
                Arguments.of("1700000000123,10.0.0.1,12345::1,1234,80,6,O,B,X,0,0,0,0", RejectReason.ADDRESS),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80a,6,O,B,X,0,0,0,0", RejectReason.PORT),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,256,O,B,X,0,0,0,0", RejectReason.PROTOCOL),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,T,O,B,X,0,0,0,0", RejectReason.PROTOCOL),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,o,B,X,0,0,0,0", RejectReason.DIRECTION),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,A,X,0,0,0,0", RejectReason.STATE),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,BB,X,0,0,0,0", RejectReason.STATE),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,B,,0,0,0,0", RejectReason.ENCRYPTION),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,E,X,1,2,3,4.5", RejectReason.COUNTER),
                Arguments.of("1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,E,X,one,2,3,4", RejectReason.COUNTER));
    }

    @ParameterizedTest
    @MethodSource("badNsgV2Tuples")
    void nsgV2BadTupleIsRejectedAndTheRestDecoded(String bad, RejectReason reason) {
        assertRejectedAmongGood(records(nsgRecord(2, V2_GOOD, bad, V2_GOOD)), bad, reason,
                "records[0].properties.flows[0].flows[0].flowTuples[1]");
    }

    @ParameterizedTest
    @MethodSource("badNsgV1Tuples")
    void nsgV1BadTupleIsRejectedAndTheRestDecoded(String bad, RejectReason reason) {
        assertRejectedAmongGood(records(nsgRecord(1, V1_GOOD, bad, V1_GOOD)), bad, reason,
                "records[0].properties.flows[0].flows[0].flowTuples[1]");
    }

    @ParameterizedTest
    @MethodSource("badVnetTuples")
    void vnetBadTupleIsRejectedAndTheRestDecoded(String bad, RejectReason reason) {
        assertRejectedAmongGood(records(vnetRecord(VNET_GOOD, bad, VNET_GOOD)), bad, reason,
                "records[0].flowRecords.flows[0].flowGroups[0].flowTuples[1]");
    }

    private static void assertRejectedAmongGood(String payload, String bad, RejectReason reason, String path) {
        DecodeResult r = decode(payload);
        assertThat(r.flowRecords()).hasSize(2);
        assertThat(r.rejections()).hasSize(1);
        Rejection rejection = r.rejections().get(0);
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.excerpt()).isEqualTo(bad);
        assertThat(rejection.path()).isEqualTo(path);
        assertThat(rejection.record()).isZero();
        assertThat(rejection.document()).isZero();
        assertThat(rejection.message()).isNotBlank();
    }

    @Test
    void recordTimeThatIsNotIsoRejectsTheRecordInBothFormats() {
        DecodeResult r = decode(records(nsgRecord(2, V2_GOOD).replace(FlowLogJson.RECORD_TIME, "yesterday"),
                vnetRecord(VNET_GOOD).replace(FlowLogJson.RECORD_TIME, "2024-13-01T00:00:00Z"), vnetRecord(VNET_GOOD)));
        assertThat(r.flowRecords()).hasSize(1);
        assertThat(r.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.TIMESTAMP, RejectReason.TIMESTAMP);
        assertThat(r.rejections()).extracting(Rejection::path).containsExactly("records[0]", "records[1]");
        assertThat(r.rejections().get(0).message()).contains("yesterday").contains("1 tuple(s)");
    }

    @Test
    void badMacRejectsTheGroupOrRecordInBothFormats() {
        String nsg = nsgRecord(2, V2_GOOD, V2_GOOD).replace("000D3AF87856", "000D3AF8785G");
        String vnet = vnetRecord(4, "00224871C20", VNET_GOOD);
        DecodeResult r = decode(records(nsg, vnet));
        assertThat(r.flowRecords()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MAC, RejectReason.MAC);
        assertThat(r.rejections().get(0).path()).isEqualTo("records[0].properties.flows[0].flows[0].mac");
        assertThat(r.rejections().get(0).message()).contains("2 tuple(s)");
        assertThat(r.rejections().get(1).path()).isEqualTo("records[1]");
    }

    @Test
    void unsupportedVersionsAreRejectedInBothFormats() {
        DecodeResult r = decode(records(nsgRecord(3, V2_GOOD), vnetRecord(2, "00224871C205", VNET_GOOD),
                nsgRecord(2, V2_GOOD).replace("\"Version\":2,", "")));
        assertThat(r.flowRecords()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsOnly(RejectReason.VERSION).hasSize(3);
        assertThat(r.rejections()).extracting(Rejection::path).containsExactly("records[0].properties.Version",
                "records[1].flowLogVersion", "records[2].properties.Version");
        assertThat(r.rejections().get(0).message()).contains("'3'");
    }

    @Test
    void structureErrorsInBothFormats() {
        String tupleNotString = nsgRecord(2, V2_GOOD).replace("[\"" + V2_GOOD + "\"]", "[42,\"" + V2_GOOD + "\"]");
        String tuplesNotArray = vnetRecord(VNET_GOOD).replace("[\"" + VNET_GOOD + "\"]", "\"" + VNET_GOOD + "\"");
        String noFlowData = "{\"time\":\"2024-05-01T10:00:00Z\",\"category\":\"NetworkSecurityGroupEvent\","
                + "\"properties\":{\"vnetResourceGuid\":\"x\"}}";
        String timeNotString = vnetRecord(VNET_GOOD).replace("\"" + FlowLogJson.RECORD_TIME + "\"", "12");
        DecodeResult r = decode(records(tupleNotString, tuplesNotArray, noFlowData, "[1]", timeNotString));
        assertThat(r.flowRecords()).hasSize(1);
        assertThat(r.rejections()).extracting(Rejection::reason).containsOnly(RejectReason.STRUCTURE).hasSize(5);
        assertThat(r.rejections()).extracting(Rejection::path).containsExactly(
                "records[0].properties.flows[0].flows[0].flowTuples[0]",
                "records[1].flowRecords.flows[0].flowGroups[0].flowTuples",
                "records[2]", "records[3]", "records[4]");
        assertThat(r.rejections().get(2).message()).contains("no flow data").contains("NetworkSecurityGroupEvent");
    }

    @Test
    void microsoftsMalformedV1SampleWithNestedRecordsIsRejectedNotDropped() {
        // the shape of the v1 example in Microsoft's docs: a second element that is itself {"records":[...]}
        String payload = records(nsgRecord(1, V1_GOOD), "{\"records\":[" + nsgRecord(1, V1_GOOD, V1_GOOD) + "]}");
        DecodeResult r = decode(payload);
        assertThat(r.flowRecords()).hasSize(1);
        assertThat(r.rejections()).hasSize(1);
        Rejection rejection = r.rejections().get(0);
        assertThat(rejection.reason()).isEqualTo(RejectReason.UNEXPECTED_FLOW_DATA);
        assertThat(rejection.path()).isEqualTo("records[1].records");
        assertThat(rejection.record()).isEqualTo(1);
        assertThat(rejection.message()).contains("nested");
        assertThat(rejection.excerpt()).startsWith("[{\"time\"");
        assertThat(payload.substring((int) rejection.offset())).startsWith("{\"records\":[{\"time\"");
        assertThat(r.logRecords()).isEqualTo(1);
    }

    @Test
    void flowDataInsideUnknownFieldsIsRejected() {
        String tuplesInRuleGroup = nsgRecord(2, V2_GOOD).replace("\"rule\":\"UserRule_web\",",
                "\"rule\":\"UserRule_web\",\"flowTuples\":[\"" + V2_GOOD + "\"],");
        String hidden = vnetRecord(VNET_GOOD).replace("\"flowLogGUID\":\"g\"",
                "\"flowLogGUID\":\"g\",\"extra\":{\"deep\":[{\"flowGroups\":[]}]}");
        DecodeResult r = decode(records(tuplesInRuleGroup, hidden));
        assertThat(r.flowRecords()).hasSize(2);
        assertThat(r.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.UNEXPECTED_FLOW_DATA, RejectReason.UNEXPECTED_FLOW_DATA);
        assertThat(r.rejections()).extracting(Rejection::path).containsExactly(
                "records[0].properties.flows[0].flowTuples", "records[1].extra..flowGroups");
    }

    @Test
    void unreadableDocumentIsRejectedWholeAndTheNextLineStillDecoded() {
        String truncated = records(nsgRecord(2, V2_GOOD, V2_GOOD));
        truncated = truncated.substring(0, truncated.length() - 10);
        String payload = records(vnetRecord(VNET_GOOD)) + "\n" + truncated + "\n" + records(nsgRecord(2, V2_GOOD))
                + "\nnot json at all\n" + records(nsgRecord(1, V1_GOOD)) + "\n";
        DecodeResult r = decode(payload);
        assertThat(r.flowRecords()).extracting(FlowRecord::getLogFormat)
                .containsExactly(LogFormat.VNET_V4, LogFormat.NSG_V2, LogFormat.NSG_V1);
        assertThat(r.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.UNREADABLE, RejectReason.UNREADABLE);
        assertThat(r.rejections()).extracting(Rejection::document).containsExactly(1, 3);
        Rejection first = r.rejections().get(0);
        assertThat(first.record()).isEqualTo(-1);
        assertThat(payload.substring((int) first.offset())).startsWith(truncated);
        assertThat(payload.substring((int) r.rejections().get(1).offset())).startsWith("not json at all");
        assertThat(r.logRecords()).isEqualTo(3);
    }

    /**
     * Output is streamed record by record: in a document cut off after its first record, that
     * record's tuples have been emitted when the cut is found; the UNREADABLE rejection covers the rest.
     */
    @Test
    void aDocumentCutAfterItsFirstRecordHasThatRecordEmitted() {
        String whole = records(nsgRecord(2, V2_GOOD), nsgRecord(1, V1_GOOD));
        String cut = whole.substring(0, whole.indexOf(nsgRecord(1, V1_GOOD)) + 20);
        DecodeResult r = decode(cut);
        assertThat(r.flowRecords()).extracting(FlowRecord::getLogFormat).containsExactly(LogFormat.NSG_V2);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.UNREADABLE);
        assertThat(r.logRecords()).isEqualTo(1);
    }

    @Test
    void nonObjectDocumentsAndEmptyInput() {
        assertThat(decode("").rejections()).isEmpty();
        assertThat(decode("  \n ").flowRecords()).isEmpty();
        DecodeResult r = decode("[1,2]\n\"x\"\n42");
        assertThat(r.rejections()).extracting(Rejection::reason).containsOnly(RejectReason.UNREADABLE).hasSize(3);
        assertThat(decode("\u00ff\u00fe garbage").rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.UNREADABLE);
    }

    /**
     * Forward compatibility: Microsoft has added tuple fields before (v1 had 8, v2 13), so a tuple
     * with more fields than its version defines is decoded from the fields it knows and kept; the
     * extra fields are counted. Only fewer fields than required are rejected (above).
     */
    @Test
    void tuplesWithMoreFieldsThanTheirVersionDefinesAreKeptAndTheExtraFieldsCounted() {
        String v2Plus2 = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,C,1,2,3,4,future,x";
        String v1Plus1 = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B";
        String vnetPlus1 = "1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,E,X,5,6,7,8,";
        DecodeResult r = decode(records(nsgRecord(2, v2Plus2, V2_GOOD), nsgRecord(1, v1Plus1), vnetRecord(vnetPlus1)));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).hasSize(4);
        assertThat(r.extraFields()).isEqualTo(2 + 1 + 1);
        FlowRecord v2 = r.flowRecords().get(0);
        assertThat(v2.getFlowState()).isEqualTo(FlowState.CONTINUING);
        assertThat(v2.getPacketsSrcToDst()).isEqualTo(1L);
        assertThat(v2.getBytesDstToSrc()).isEqualTo(4L);
        FlowRecord v1 = r.flowRecords().get(2);
        assertThat(v1.getLogFormat()).isEqualTo(LogFormat.NSG_V1);
        assertThat(v1.getFlowState()).isNull();
        assertThat(v1.getDecision()).isEqualTo(Decision.ALLOW);
        FlowRecord vnet = r.flowRecords().get(3);
        assertThat(vnet.getEncryption()).isEqualTo("X");
        assertThat(vnet.getBytesDstToSrc()).isEqualTo(8L);
        assertThat(decode(records(nsgRecord(2, V2_GOOD))).extraFields()).isZero();
    }

    @Test
    void excerptsAreCutToTheConfiguredSize() {
        String bad = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,," + "9".repeat(100); // 12 fields
        DecodeResult r = new FlowLogDecoder(20).decode(FlowLogJson.utf8(records(nsgRecord(2, bad))));
        assertThat(r.rejections()).hasSize(1);
        assertThat(r.rejections().get(0).reason()).isEqualTo(RejectReason.FIELD_COUNT);
        assertThat(r.rejections().get(0).excerpt()).isEqualTo(bad.substring(0, 20));
    }

    @Test
    void aRejectedTuplesOffsetIsWhereThatTupleStandsInThePayload() {
        // the same bad tuple twice in one record and once in the next: each offset is its own occurrence
        String bad = "1700000000,10.0.0.1,10.0.0.2,1234,99999,T,O,A,B,,,,";
        String payload = records(nsgRecord(2, V2_GOOD, bad, V2_GOOD, bad), nsgRecord(2, bad));
        DecodeResult r = decode(payload);
        assertThat(r.flowRecords()).hasSize(2);
        int first = payload.indexOf("\"" + bad + "\"");
        int second = payload.indexOf("\"" + bad + "\"", first + 1);
        int third = payload.indexOf("\"" + bad + "\"", second + 1);
        assertThat(r.rejections()).extracting(Rejection::offset).containsExactly((long) first, (long) second, (long) third);
        assertThat(r.rejections()).extracting(Rejection::path).containsExactly(
                "records[0].properties.flows[0].flows[0].flowTuples[1]",
                "records[0].properties.flows[0].flows[0].flowTuples[3]",
                "records[1].properties.flows[0].flows[0].flowTuples[0]");
    }
}
