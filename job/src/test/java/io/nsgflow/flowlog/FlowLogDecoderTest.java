package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import static io.nsgflow.flowlog.FlowLogJson.FLOW_LOG_ID;
import static io.nsgflow.flowlog.FlowLogJson.NSG_ID;
import static io.nsgflow.flowlog.FlowLogJson.RECORD_TIME_MS;
import static io.nsgflow.flowlog.FlowLogJson.TARGET_ID;
import static io.nsgflow.flowlog.FlowLogJson.decode;
import static io.nsgflow.flowlog.FlowLogJson.decodeSlice;
import static io.nsgflow.flowlog.FlowLogJson.nsgRecord;
import static io.nsgflow.flowlog.FlowLogJson.records;
import static io.nsgflow.flowlog.FlowLogJson.utf8;
import static io.nsgflow.flowlog.FlowLogJson.vnetRecord;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every field, in each format, from hand-made inputs. */
class FlowLogDecoderTest {

    private static final String V2_GOOD = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,";
    private static final String VNET_GOOD = "1700000000123,10.0.0.1,10.0.0.2,1234,80,6,O,B,X,0,0,0,0";

    private static FlowRecord single(String payload) {
        DecodeResult r = decode(payload);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).hasSize(1);
        return r.flowRecords().get(0);
    }

    @Test
    void nsgV1TupleHasEveryFieldAndNoStateOrCounters() {
        FlowRecord f = single(records(nsgRecord(1, "1700000000,10.0.0.1,192.168.1.20,1234,80,T,O,A")));
        assertThat(f.getEventTime()).isEqualTo(1_700_000_000_000L);
        assertThat(f.getLogFormat()).isEqualTo(LogFormat.NSG_V1);
        assertThat(f.getSrcIp()).isEqualTo("10.0.0.1");
        assertThat(f.getDstIp()).isEqualTo("192.168.1.20");
        assertThat(f.getSrcPort()).isEqualTo(1234);
        assertThat(f.getDstPort()).isEqualTo(80);
        assertThat(f.getProtocol()).isEqualTo(6);
        assertThat(f.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(f.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(f.getFlowState()).isNull();
        assertThat(f.getPacketsSrcToDst()).isNull();
        assertThat(f.getBytesSrcToDst()).isNull();
        assertThat(f.getPacketsDstToSrc()).isNull();
        assertThat(f.getBytesDstToSrc()).isNull();
        assertThat(f.getRule()).isEqualTo("UserRule_web");
        assertThat(f.getMac()).isEqualTo("00-0D-3A-F8-78-56");
        assertThat(f.getNsgResourceId()).isEqualTo(NSG_ID);
        assertThat(f.getAclId()).isNull();
        assertThat(f.getTargetResourceId()).isNull();
        assertThat(f.getFlowLogResourceId()).isNull();
        assertThat(f.getEncryption()).isNull();
        assertThat(f.getRecordTime()).isEqualTo(RECORD_TIME_MS);
    }

    @Test
    void nsgV2TupleWithIpv6AndCounters() {
        FlowRecord f = single(records(nsgRecord(2,
                "1700000001,2001:DB8:0:0:0:0:0:1,fe80::0001:0:0:5,443,65535,U,I,D,E,5,500,6,9000000000")));
        assertThat(f.getEventTime()).isEqualTo(1_700_000_001_000L);
        assertThat(f.getLogFormat()).isEqualTo(LogFormat.NSG_V2);
        assertThat(f.getSrcIp()).isEqualTo("2001:db8::1");
        assertThat(f.getDstIp()).isEqualTo("fe80::1:0:0:5");
        assertThat(f.getSrcPort()).isEqualTo(443);
        assertThat(f.getDstPort()).isEqualTo(65535);
        assertThat(f.getProtocol()).isEqualTo(17);
        assertThat(f.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(f.getDecision()).isEqualTo(Decision.DENY);
        assertThat(f.getFlowState()).isEqualTo(FlowState.END);
        assertThat(f.getPacketsSrcToDst()).isEqualTo(5L);
        assertThat(f.getBytesSrcToDst()).isEqualTo(500L);
        assertThat(f.getPacketsDstToSrc()).isEqualTo(6L);
        assertThat(f.getBytesDstToSrc()).isEqualTo(9_000_000_000L);
    }

    @Test
    void nsgV2BeginTupleHasNullCountersAndContinuingState() {
        DecodeResult r = decode(records(nsgRecord(2, "1700000000,10.0.0.1,10.0.0.2,1,2,T,I,A,B,,,,",
                "1700000000,10.0.0.1,10.0.0.2,1,2,T,I,A,C,0,0,0,0")));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords().get(0).getFlowState()).isEqualTo(FlowState.BEGIN);
        assertThat(r.flowRecords().get(0).getPacketsSrcToDst()).isNull();
        assertThat(r.flowRecords().get(0).getBytesDstToSrc()).isNull();
        assertThat(r.flowRecords().get(1).getFlowState()).isEqualTo(FlowState.CONTINUING);
        assertThat(r.flowRecords().get(1).getPacketsSrcToDst()).isEqualTo(0L);
    }

    @Test
    void vnetTupleHasEveryField() {
        FlowRecord f = single(records(vnetRecord(
                "1700000000123,10.1.2.3,2001:0db8:0000:0000:0000:ff00:0042:8329,50000,53,17,O,C,NX_HW_NOT_SUPPORTED,7,700,8,800")));
        assertThat(f.getEventTime()).isEqualTo(1_700_000_000_123L);
        assertThat(f.getLogFormat()).isEqualTo(LogFormat.VNET_V4);
        assertThat(f.getSrcIp()).isEqualTo("10.1.2.3");
        assertThat(f.getDstIp()).isEqualTo("2001:db8::ff00:42:8329");
        assertThat(f.getSrcPort()).isEqualTo(50000);
        assertThat(f.getDstPort()).isEqualTo(53);
        assertThat(f.getProtocol()).isEqualTo(17);
        assertThat(f.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(f.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(f.getFlowState()).isEqualTo(FlowState.CONTINUING);
        assertThat(f.getEncryption()).isEqualTo("NX_HW_NOT_SUPPORTED");
        assertThat(f.getPacketsSrcToDst()).isEqualTo(7L);
        assertThat(f.getBytesSrcToDst()).isEqualTo(700L);
        assertThat(f.getPacketsDstToSrc()).isEqualTo(8L);
        assertThat(f.getBytesDstToSrc()).isEqualTo(800L);
        assertThat(f.getRule()).isEqualTo("Allow_all");
        assertThat(f.getAclId()).isEqualTo("acl-1");
        assertThat(f.getMac()).isEqualTo("00-22-48-71-C2-05");
        assertThat(f.getNsgResourceId()).isNull();
        assertThat(f.getTargetResourceId()).isEqualTo(TARGET_ID);
        assertThat(f.getFlowLogResourceId()).isEqualTo(FLOW_LOG_ID);
        assertThat(f.getRecordTime()).isEqualTo(RECORD_TIME_MS);
        assertThat(f.getFlowLogGuid()).isEqualTo("g");
        assertThat(f.getRecordMac()).isEqualTo("00-22-48-71-C2-05");
        assertThat(f.getSystemId()).isNull();
    }

    /**
     * An NSG record as Microsoft's "Flow logging for network security groups" page documents it:
     * systemId (the NSG's resourceGuid) and a record-level macAddress next to the flow group's mac.
     */
    @Test
    void nsgRecordKeepsSystemIdAndItsRecordLevelMacAddress() {
        String record = "{\"time\":\"2018-11-13T12:00:35.3899262Z\",\"systemId\":\"a0fca5ce-022c-47b1-9735-89943b42f2fa\","
                + "\"macAddress\":\"000D3AF87856\",\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":\""
                + NSG_ID + "\",\"operationName\":\"NetworkSecurityGroupFlowEvents\",\"properties\":{\"Version\":2,"
                + "\"flows\":[{\"rule\":\"DefaultRule_DenyAllInBound\",\"flows\":[{\"mac\":\"000D3AF87857\","
                + "\"flowTuples\":[\"1542110402,94.102.49.190,10.5.16.4,28746,443,U,I,D,B,,,,\"]}]}]}}";
        FlowRecord f = single(records(record));
        assertThat(f.getSystemId()).isEqualTo("a0fca5ce-022c-47b1-9735-89943b42f2fa");
        assertThat(f.getRecordMac()).isEqualTo("00-0D-3A-F8-78-56");
        assertThat(f.getMac()).isEqualTo("00-0D-3A-F8-78-57"); // the group's own
        assertThat(f.getFlowLogGuid()).isNull();
    }

    /**
     * A VNet record as current logs write it: aclID the NSG's ARM id (any case), and a platform
     * ACL flow (aclID all zeros, rule PlatformRule) for DNS to 168.63.129.16; the decoder keeps both
     * as logged.
     */
    @Test
    void vnetRecordWithResourceIdAclIdAndAPlatformGroupKeepsThemAsLogged() {
        String record = "{\"time\":\"" + FlowLogJson.RECORD_TIME + "\",\"flowLogVersion\":4,"
                + "\"flowLogGUID\":\"6a1d3c2e-5b4f-4e8a-9c7d-0f1e2d3c4b5a\",\"macAddress\":\"00224871C205\","
                + "\"category\":\"FlowLogFlowEvent\",\"flowLogResourceID\":\"" + FLOW_LOG_ID + "\","
                + "\"targetResourceID\":\"" + TARGET_ID + "\",\"operationName\":\"FlowLogFlowEvent\","
                + "\"flowRecords\":{\"flows\":[{\"aclID\":\"" + NSG_ID + "\",\"flowGroups\":[{\"rule\":\"DefaultRule_AllowInternetOutBound\","
                + "\"flowTuples\":[\"1700000000123,10.0.0.6,52.239.184.180,23956,443,6,O,B,NX,0,0,0,0\"]}]},"
                + "{\"aclID\":\"00000000-0000-0000-0000-000000000000\",\"flowGroups\":[{\"rule\":\"PlatformRule\","
                + "\"flowTuples\":[\"1700000000124,10.0.0.6,168.63.129.16,50000,53,17,O,B,NX,0,0,0,0\"]}]}]}}";
        DecodeResult r = decode(records(record));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).extracting(FlowRecord::getAclId)
                .containsExactly(NSG_ID, PlatformRules.ACL_ID);
        FlowRecord platform = r.flowRecords().get(1);
        assertThat(PlatformRules.decided(platform)).isTrue();
        assertThat(PlatformRules.decided(r.flowRecords().get(0))).isFalse();
        assertThat(platform.getDstIp()).isEqualTo("168.63.129.16");
        assertThat(platform.getProtocol()).isEqualTo(17);
        assertThat(platform.getFlowLogGuid()).isEqualTo("6a1d3c2e-5b4f-4e8a-9c7d-0f1e2d3c4b5a");
        assertThat(LoggedNsgNames.fromLog(r.flowRecords().get(0))).isEqualTo("NSG1");
    }

    @Test
    void vnetDeniedIsDenyAndBeginWithZeroCountersKept() {
        FlowRecord f = single(records(vnetRecord("1700000000123,1.2.3.4,10.0.0.6,5,22,6,I,D,NX,0,0,0,0")));
        assertThat(f.getDecision()).isEqualTo(Decision.DENY);
        assertThat(f.getFlowState()).isEqualTo(FlowState.BEGIN);
        assertThat(f.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(f.getPacketsSrcToDst()).isEqualTo(0L);
        assertThat(f.getBytesSrcToDst()).isEqualTo(0L);
        assertThat(f.getPacketsDstToSrc()).isEqualTo(0L);
        assertThat(f.getBytesDstToSrc()).isEqualTo(0L);
    }

    @Test
    void vnetStatesAndProtocolNumbers() {
        DecodeResult r = decode(records(vnetRecord(
                "1700000000123,10.0.0.1,10.0.0.2,0,0,1,O,B,X,0,0,0,0",
                "1700000000123,10.0.0.1,10.0.0.2,0,0,50,O,E,X,1,2,3,4",
                "1700000000123,10.0.0.1,10.0.0.2,0,0,51,I,C,X,1,2,3,4",
                "1700000000123,10.0.0.1,10.0.0.2,0,0,47,I,B,X,0,0,0,0",
                "1700000000123,10.0.0.1,10.0.0.2,0,0,255,I,B,X,0,0,0,0",
                "1700000000123,10.0.0.1,10.0.0.2,0,0,6,I,B,X,0,0,0,0")));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).extracting(FlowRecord::getProtocol)
                .containsExactly(1, 50, 51, 47, 255, 6);
        assertThat(r.flowRecords()).extracting(FlowRecord::getFlowState).containsExactly(FlowState.BEGIN,
                FlowState.END, FlowState.CONTINUING, FlowState.BEGIN, FlowState.BEGIN, FlowState.BEGIN);
        assertThat(r.flowRecords()).extracting(FlowRecord::getDecision).containsOnly(Decision.ALLOW);
    }

    @Test
    void vnetTimeInSecondsIsScaledToMilliseconds() {
        FlowRecord f = single(records(vnetRecord("1700000000,10.0.0.1,10.0.0.2,1,2,6,O,B,X,0,0,0,0")));
        assertThat(f.getEventTime()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void singleRecordWithoutWrapperAndJsonLinesOfBoth() {
        String lines = nsgRecord(2, V2_GOOD) + "\n" + records(vnetRecord(VNET_GOOD), vnetRecord(VNET_GOOD)) + "\r\n"
                + vnetRecord(VNET_GOOD) + "\n\n";
        DecodeResult r = decode(lines);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.logRecords()).isEqualTo(4);
        assertThat(r.flowRecords()).extracting(FlowRecord::getLogFormat)
                .containsExactly(LogFormat.NSG_V2, LogFormat.VNET_V4, LogFormat.VNET_V4, LogFormat.VNET_V4);
    }

    @Test
    void fieldOrderDoesNotMatterAndUnknownFieldsAreIgnored() {
        String record = "{\"properties\":{\"flows\":[{\"flows\":[{\"flowTuples\":[\"" + V2_GOOD + "\"],"
                + "\"extra\":{\"a\":[1,2,{\"b\":null}]},\"mac\":\"00-0d-3a-f8-78-56\"}],\"newField\":[],"
                + "\"rule\":\"R\"}],\"Version\":2,\"futureProperty\":{\"x\":1}},"
                + "\"azureAddedThis\":{\"nested\":[\"flowsNotAName\"]},\"resourceId\":\"N\",\"time\":\"2024-05-01T10:00:00.5Z\"}";
        FlowRecord f = single(records(record));
        assertThat(f.getRule()).isEqualTo("R");
        assertThat(f.getMac()).isEqualTo("00-0D-3A-F8-78-56");
        assertThat(f.getNsgResourceId()).isEqualTo("N");
        assertThat(f.getRecordTime()).isEqualTo(RECORD_TIME_MS);
    }

    @Test
    void nsgRecordMacAddressIsUsedWhenTheGroupHasNone() {
        String record = "{\"time\":\"2024-05-01T10:00:00.5Z\",\"resourceId\":\"N\",\"macAddress\":\"AABBCCDDEEFF\","
                + "\"properties\":{\"Version\":2,\"flows\":[{\"rule\":\"R\",\"flows\":[{\"flowTuples\":[\""
                + V2_GOOD + "\"]}]}]}}";
        assertThat(single(record).getMac()).isEqualTo("AA-BB-CC-DD-EE-FF");
    }

    @Test
    void emptyRuleGroupsAndEmptyRecordsAreFine() {
        String record = "{\"time\":\"2024-05-01T10:00:00.5Z\",\"resourceId\":\"N\","
                + "\"properties\":{\"Version\":2,\"flows\":[{\"rule\":\"R\",\"flows\":[]}]}}";
        DecodeResult r = decode(records(record) + "\n{\"records\":[]}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).isEmpty();
        assertThat(r.logRecords()).isEqualTo(1);
    }

    @Test
    void payloadSliceIsHonoured() {
        byte[] doc = utf8("garbage" + records(nsgRecord(2, V2_GOOD)) + "garbage");
        DecodeResult r = decodeSlice(doc, 7, doc.length - 14);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.flowRecords()).hasSize(1);
    }
}
