package io.nsgflow.flowlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Hand-made flow-log documents for tests. */
final class FlowLogJson {

    static final String NSG_ID = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG1";
    static final String FLOW_LOG_ID = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/NW/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/NW1/FLOWLOGS/FL1";
    static final String TARGET_ID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1";
    /** 2024-05-01T10:00:00.5Z: 2024-05-01 is day 19844 (1714521600 s), plus 10 h. */
    static final String RECORD_TIME = "2024-05-01T10:00:00.5000000Z";
    static final long RECORD_TIME_MS = 1_714_557_600_500L;

    private FlowLogJson() {}

    static String tuples(String... tuples) {
        return Arrays.stream(tuples).map(t -> '"' + t + '"').collect(Collectors.joining(",", "[", "]"));
    }

    /** One NSG record: rule UserRule_web, mac 000D3AF87856. */
    static String nsgRecord(int version, String... tuples) {
        return "{\"time\":\"" + RECORD_TIME + "\",\"systemId\":\"x\",\"category\":\"NetworkSecurityGroupFlowEvent\","
                + "\"resourceId\":\"" + NSG_ID + "\",\"operationName\":\"NetworkSecurityGroupFlowEvents\","
                + "\"properties\":{\"Version\":" + version + ",\"flows\":[{\"rule\":\"UserRule_web\",\"flows\":"
                + "[{\"mac\":\"000D3AF87856\",\"flowTuples\":" + tuples(tuples) + "}]}]}}";
    }

    /** One VNet record: macAddress 00224871C205, aclID acl-1, rule Allow_all. */
    static String vnetRecord(String... tuples) {
        return vnetRecord(4, "00224871C205", tuples);
    }

    static String vnetRecord(int version, String mac, String... tuples) {
        return "{\"time\":\"" + RECORD_TIME + "\",\"flowLogVersion\":" + version + ",\"flowLogGUID\":\"g\","
                + "\"macAddress\":\"" + mac + "\",\"category\":\"FlowLogFlowEvent\",\"flowLogResourceID\":\""
                + FLOW_LOG_ID + "\",\"targetResourceID\":\"" + TARGET_ID + "\",\"operationName\":\"FlowLogFlowEvent\","
                + "\"flowRecords\":{\"flows\":[{\"aclID\":\"acl-1\",\"flowGroups\":[{\"rule\":\"Allow_all\","
                + "\"flowTuples\":" + tuples(tuples) + "}]}]}}";
    }

    static String records(String... records) {
        return "{\"records\":[" + String.join(",", records) + "]}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DecodeResult decode(String payload) {
        return new FlowLogDecoder().decode(utf8(payload));
    }

    /** Decodes {@code payload[offset, offset + length)} through the streaming interface, collecting what it emits. */
    static DecodeResult decodeSlice(byte[] payload, int offset, int length) {
        java.util.List<FlowRecord> records = new java.util.ArrayList<>();
        java.util.List<Rejection> rejections = new java.util.ArrayList<>();
        FlowLogDecoder.Counts counts = new FlowLogDecoder().decode(payload, offset, length, new FlowLogDecoder.Output() {
            @Override
            public void flowRecord(FlowRecord r) {
                records.add(r);
            }

            @Override
            public void rejection(Rejection r) {
                rejections.add(r);
            }
        });
        return new DecodeResult(records, rejections, counts.logRecords(), counts.extraFields());
    }
}
