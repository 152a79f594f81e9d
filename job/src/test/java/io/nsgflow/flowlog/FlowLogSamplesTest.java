package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two public Azure samples, with values read from the files by eye. */
class FlowLogSamplesTest {

    private static final String NSG_ID = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/"
            + "FABRIKAMRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/FABRIAKMVM1-NSG";
    private static final String FLOW_LOG_ID = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/"
            + "NETWORKWATCHERRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/NETWORKWATCHER_EASTUS2EUAP/FLOWLOGS/"
            + "VNETFLOWLOG";
    private static final String VNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "myResourceGroup/providers/Microsoft.Network/virtualNetworks/myVNet";

    static byte[] sample(String name) throws IOException {
        try (InputStream in = FlowLogSamplesTest.class.getResourceAsStream("/flowlog/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void nsgV2SampleGivesElevenTuples() throws IOException {
        DecodeResult result = new FlowLogDecoder().decode(sample("nsg-flowlog-v2.json"));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.logRecords()).isEqualTo(2);
        List<FlowRecord> r = result.flowRecords();
        assertThat(r).hasSize(11);
        assertThat(r).allSatisfy(f -> {
            assertThat(f.getLogFormat()).isEqualTo(LogFormat.NSG_V2);
            assertThat(f.getMac()).isEqualTo("00-0D-3A-F8-78-56");
            assertThat(f.getNsgResourceId()).isEqualTo(NSG_ID);
            assertThat(f.getAclId()).isNull();
            assertThat(f.getTargetResourceId()).isNull();
            assertThat(f.getFlowLogResourceId()).isNull();
            assertThat(f.getEncryption()).isNull();
        });

        // "1542110402,94.102.49.190,10.5.16.4,28746,443,U,I,D,B,,,," in record 0 (time 12:00:35.3899262Z)
        FlowRecord first = r.get(0);
        assertThat(first.getEventTime()).isEqualTo(1_542_110_402_000L);
        assertThat(first.getSrcIp()).isEqualTo("94.102.49.190");
        assertThat(first.getDstIp()).isEqualTo("10.5.16.4");
        assertThat(first.getSrcPort()).isEqualTo(28746);
        assertThat(first.getDstPort()).isEqualTo(443);
        assertThat(first.getProtocol()).isEqualTo(17);
        assertThat(first.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(first.getDecision()).isEqualTo(Decision.DENY);
        assertThat(first.getFlowState()).isEqualTo(FlowState.BEGIN);
        assertThat(first.getPacketsSrcToDst()).isNull();
        assertThat(first.getBytesSrcToDst()).isNull();
        assertThat(first.getPacketsDstToSrc()).isNull();
        assertThat(first.getBytesDstToSrc()).isNull();
        assertThat(first.getRule()).isEqualTo("DefaultRule_DenyAllInBound");
        // 2018-11-13T12:00:00Z is 1542110400
        assertThat(first.getRecordTime()).isEqualTo(1_542_110_435_389L);

        // "1542110379,10.5.16.4,13.67.143.115,44931,443,T,O,A,C,30,16978,24,14008"
        FlowRecord continuing = r.get(5);
        assertThat(continuing.getEventTime()).isEqualTo(1_542_110_379_000L);
        assertThat(continuing.getSrcIp()).isEqualTo("10.5.16.4");
        assertThat(continuing.getDstIp()).isEqualTo("13.67.143.115");
        assertThat(continuing.getSrcPort()).isEqualTo(44931);
        assertThat(continuing.getDstPort()).isEqualTo(443);
        assertThat(continuing.getProtocol()).isEqualTo(6);
        assertThat(continuing.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(continuing.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(continuing.getFlowState()).isEqualTo(FlowState.CONTINUING);
        assertThat(continuing.getPacketsSrcToDst()).isEqualTo(30L);
        assertThat(continuing.getBytesSrcToDst()).isEqualTo(16978L);
        assertThat(continuing.getPacketsDstToSrc()).isEqualTo(24L);
        assertThat(continuing.getBytesDstToSrc()).isEqualTo(14008L);
        assertThat(continuing.getRule()).isEqualTo("DefaultRule_AllowInternetOutBound");

        // "1542110406,10.5.16.4,40.71.12.225,59929,443,T,O,A,E,15,8489,12,7054"
        FlowRecord end = r.get(6);
        assertThat(end.getFlowState()).isEqualTo(FlowState.END);
        assertThat(end.getDstIp()).isEqualTo("40.71.12.225");
        assertThat(end.getPacketsSrcToDst()).isEqualTo(15L);
        assertThat(end.getBytesDstToSrc()).isEqualTo(7054L);

        // last tuple, record 1 (time 12:01:35.3918317Z): "1542110490,176.119.4.30,10.5.16.4,57067,52801,T,I,D,B,,,,"
        FlowRecord last = r.get(10);
        assertThat(last.getEventTime()).isEqualTo(1_542_110_490_000L);
        assertThat(last.getSrcIp()).isEqualTo("176.119.4.30");
        assertThat(last.getSrcPort()).isEqualTo(57067);
        assertThat(last.getDstPort()).isEqualTo(52801);
        assertThat(last.getDecision()).isEqualTo(Decision.DENY);
        assertThat(last.getRule()).isEqualTo("DefaultRule_DenyAllInBound");
        assertThat(last.getRecordTime()).isEqualTo(1_542_110_495_391L);

        assertThat(r).extracting(FlowRecord::getDstPort)
                .containsExactly(443, 59336, 8088, 443, 443, 443, 443, 18264, 8088, 8088, 52801);
        assertThat(r).filteredOn(f -> f.getDecision() == Decision.DENY).hasSize(7);
    }

    @Test
    void vnetV4SampleGivesNineteenTuples() throws IOException {
        DecodeResult result = new FlowLogDecoder().decode(sample("vnet-flowlog-v4.json"));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.logRecords()).isEqualTo(1);
        List<FlowRecord> r = result.flowRecords();
        assertThat(r).hasSize(19);
        assertThat(r).allSatisfy(f -> {
            assertThat(f.getLogFormat()).isEqualTo(LogFormat.VNET_V4);
            assertThat(f.getMac()).isEqualTo("00-22-48-71-C2-05");
            assertThat(f.getNsgResourceId()).isNull();
            assertThat(f.getTargetResourceId()).isEqualTo(VNET_ID);
            assertThat(f.getFlowLogResourceId()).isEqualTo(FLOW_LOG_ID);
            assertThat(f.getEncryption()).isEqualTo("NX");
            assertThat(f.getProtocol()).isEqualTo(6);
            // 2022-09-14T09:00:00Z is 1663146000
            assertThat(f.getRecordTime()).isEqualTo(1_663_146_052_562L);
        });

        // "1663146003599,10.0.0.6,52.239.184.180,23956,443,6,O,B,NX,0,0,0,0"
        FlowRecord first = r.get(0);
        assertThat(first.getEventTime()).isEqualTo(1_663_146_003_599L);
        assertThat(first.getSrcIp()).isEqualTo("10.0.0.6");
        assertThat(first.getDstIp()).isEqualTo("52.239.184.180");
        assertThat(first.getSrcPort()).isEqualTo(23956);
        assertThat(first.getDstPort()).isEqualTo(443);
        assertThat(first.getDirection()).isEqualTo(Direction.OUTBOUND);
        assertThat(first.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(first.getFlowState()).isEqualTo(FlowState.BEGIN);
        assertThat(first.getPacketsSrcToDst()).isZero();
        assertThat(first.getBytesSrcToDst()).isZero();
        assertThat(first.getPacketsDstToSrc()).isZero();
        assertThat(first.getBytesDstToSrc()).isZero();
        assertThat(first.getRule()).isEqualTo("DefaultRule_AllowInternetOutBound");
        assertThat(first.getAclId()).isEqualTo("00000000-1234-abcd-ef00-c1c2c3c4c5c6");

        // "1663146022793,10.0.0.6,104.16.218.84,36776,443,6,O,E,NX,22,2217,33,32466"
        FlowRecord end = r.get(9);
        assertThat(end.getEventTime()).isEqualTo(1_663_146_022_793L);
        assertThat(end.getDstIp()).isEqualTo("104.16.218.84");
        assertThat(end.getSrcPort()).isEqualTo(36776);
        assertThat(end.getFlowState()).isEqualTo(FlowState.END);
        assertThat(end.getPacketsSrcToDst()).isEqualTo(22L);
        assertThat(end.getBytesSrcToDst()).isEqualTo(2217L);
        assertThat(end.getPacketsDstToSrc()).isEqualTo(33L);
        assertThat(end.getBytesDstToSrc()).isEqualTo(32466L);

        // "1663145998065,101.33.218.153,10.0.0.6,55188,22,6,I,D,NX,0,0,0,0"
        FlowRecord denied = r.get(10);
        assertThat(denied.getEventTime()).isEqualTo(1_663_145_998_065L);
        assertThat(denied.getSrcIp()).isEqualTo("101.33.218.153");
        assertThat(denied.getDstIp()).isEqualTo("10.0.0.6");
        assertThat(denied.getSrcPort()).isEqualTo(55188);
        assertThat(denied.getDstPort()).isEqualTo(22);
        assertThat(denied.getDirection()).isEqualTo(Direction.INBOUND);
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getFlowState()).isEqualTo(FlowState.BEGIN);
        assertThat(denied.getPacketsSrcToDst()).isZero();
        assertThat(denied.getRule()).isEqualTo("BlockHighRiskTCPPortsFromInternet");
        assertThat(denied.getAclId()).isEqualTo("01020304-abcd-ef00-1234-102030405060");

        // last: "1663146015545,20.106.221.10,10.0.0.6,50557,31244,6,I,D,NX,0,0,0,0" in group "Internet"
        FlowRecord last = r.get(18);
        assertThat(last.getEventTime()).isEqualTo(1_663_146_015_545L);
        assertThat(last.getSrcIp()).isEqualTo("20.106.221.10");
        assertThat(last.getDstPort()).isEqualTo(31244);
        assertThat(last.getRule()).isEqualTo("Internet");

        assertThat(r).filteredOn(f -> f.getDecision() == Decision.DENY).hasSize(9);
        assertThat(r).filteredOn(f -> f.getFlowState() == FlowState.END).hasSize(5);
    }
}
