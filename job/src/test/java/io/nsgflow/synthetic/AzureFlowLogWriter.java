package io.nsgflow.synthetic;

import io.nsgflow.synthetic.EnterpriseScenario.Host;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Writes log lines as Azure's documents: NSG flow log v2 and VNet flow log v4 records. */
final class AzureFlowLogWriter {

    private static final DateTimeFormatter RECORD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AzureFlowLogWriter() {}

    static String recordTime(long epochMillis, int extraNanos) {
        return RECORD_TIME.format(Instant.ofEpochMilli(epochMillis).plusNanos(extraNanos));
    }

    /** One NSG v2 record: the lines of one NSG for one NIC, grouped by rule. */
    static String nsgV2Record(String recordTime, String nsgId, String systemId, String mac, List<LogLine> lines) {
        Map<String, List<String>> tuples = new LinkedHashMap<>();
        byRule(lines).forEach((rule, l) -> tuples.put(rule, l.stream().map(LogLine::nsgV2Tuple).toList()));
        return nsgV2Record(recordTime, nsgId, systemId, mac, tuples);
    }

    /** One NSG v2 record from tuple texts per rule, as given (also for deliberately broken tuples). */
    static String nsgV2Record(String recordTime, String nsgId, String systemId, String mac,
            Map<String, List<String>> tuplesByRule) {
        StringBuilder b = new StringBuilder(256 + tuplesByRule.size() * 400);
        b.append("{\"time\":\"").append(recordTime).append("\",\"systemId\":\"").append(systemId)
                .append("\",\"macAddress\":\"").append(mac)
                .append("\",\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":\"")
                .append(nsgId.toUpperCase(Locale.ROOT))
                .append("\",\"operationName\":\"NetworkSecurityGroupFlowEvents\",\"properties\":{\"Version\":2,\"flows\":[");
        boolean firstRule = true;
        for (Map.Entry<String, List<String>> e : tuplesByRule.entrySet()) {
            b.append(firstRule ? "" : ",").append("{\"rule\":\"").append(e.getKey()).append("\",\"flows\":[{\"mac\":\"")
                    .append(mac).append("\",\"flowTuples\":[");
            firstRule = false;
            strings(b, e.getValue());
            b.append("]}]}");
        }
        return b.append("]}}").toString();
    }

    /** One VNet v4 record: the lines of one NIC, grouped by NSG (aclID) and rule. */
    static String vnetV4Record(String recordTime, String flowLogGuid, Host host, List<LogLine> lines) {
        StringBuilder b = new StringBuilder(384 + lines.size() * 80);
        b.append("{\"time\":\"").append(recordTime).append("\",\"flowLogVersion\":4,\"flowLogGUID\":\"").append(flowLogGuid)
                .append("\",\"macAddress\":\"").append(host.logMac())
                .append("\",\"category\":\"FlowLogFlowEvent\",\"flowLogResourceID\":\"").append(EnterpriseScenario.FLOW_LOG_ID)
                .append("\",\"targetResourceID\":\"").append(host.vnetId())
                .append("\",\"operationName\":\"FlowLogFlowEvent\",\"flowRecords\":{\"flows\":[");
        Map<String, List<LogLine>> byAcl = new LinkedHashMap<>();
        for (LogLine l : sorted(lines)) {
            byAcl.computeIfAbsent(l.nsgGuid(), k -> new ArrayList<>()).add(l);
        }
        boolean firstAcl = true;
        for (Map.Entry<String, List<LogLine>> acl : byAcl.entrySet()) {
            b.append(firstAcl ? "" : ",").append("{\"aclID\":\"").append(acl.getKey()).append("\",\"flowGroups\":[");
            firstAcl = false;
            boolean firstRule = true;
            for (Map.Entry<String, List<LogLine>> e : byRule(acl.getValue()).entrySet()) {
                b.append(firstRule ? "" : ",").append("{\"rule\":\"").append(e.getKey()).append("\",\"flowTuples\":[");
                firstRule = false;
                strings(b, e.getValue().stream().map(LogLine::vnetV4Tuple).toList());
                b.append("]}");
            }
            b.append("]}");
        }
        return b.append("]}}").toString();
    }

    static String document(List<String> records) {
        return "{\"records\":[" + String.join(",", records) + "]}";
    }

    /** A stable GUID for a name (NSG flow logs' systemId). */
    static String guidOf(String name) {
        return UUID.nameUUIDFromBytes(name.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, List<LogLine>> byRule(List<LogLine> lines) {
        Map<String, List<LogLine>> out = new LinkedHashMap<>();
        for (LogLine l : sorted(lines)) {
            out.computeIfAbsent(l.rule(), k -> new ArrayList<>()).add(l);
        }
        return out;
    }

    private static List<LogLine> sorted(List<LogLine> lines) {
        List<LogLine> s = new ArrayList<>(lines);
        s.sort(Comparator.comparingLong(LogLine::time));
        return s;
    }

    private static void strings(StringBuilder b, List<String> tuples) {
        for (int i = 0; i < tuples.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(tuples.get(i)).append('"');
        }
    }
}
