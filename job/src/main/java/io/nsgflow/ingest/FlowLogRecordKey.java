package io.nsgflow.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.net.MacAddress;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka key of one raw flow-log record: the MAC of the NIC it logs, in the ARM form the
 * decoder gives it ({@code 00-0D-3A-F8-78-56}), which is also the key the job groups a NIC's flows
 * by. Kafka's default partitioner sends every record with one key to one partition, so one NIC's
 * records stay in the order they were published, across the hourly blobs of its log (whose names
 * differ) and across Network Watcher's NSG and VNet flow logs of the same NIC.
 *
 * <p>Taken from the record's {@code macAddress} (VNet flow logs, current NSG flow logs), else the
 * first flow group's {@code mac} (NSG flow logs), else the blob's {@code macAddress=} path segment;
 * a record that names no MAC (or is not JSON) is keyed by its blob or file, so its blob's records
 * at least keep their order.
 */
public final class FlowLogRecordKey {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH_MAC = Pattern.compile("(?i)/macAddress=([0-9a-f:-]{12,17})(?:/|$)");

    private FlowLogRecordKey() {}

    /** The key of {@code record}, read from the blob or file {@code source}. */
    public static String of(byte[] record, String source) {
        String mac = recordMac(record);
        if (mac == null) {
            Matcher m = PATH_MAC.matcher(source);
            mac = m.find() ? MacAddress.armFormat(m.group(1)) : null;
        }
        return mac != null ? mac : source;
    }

    private static String recordMac(byte[] record) {
        JsonNode r;
        try {
            r = JSON.readTree(record);
        } catch (IOException e) {
            return null;
        }
        if (r == null || !r.isObject()) {
            return null;
        }
        String mac = armMac(r.get("macAddress"));
        if (mac != null) {
            return mac;
        }
        JsonNode groups = r.path("properties").path("flows");
        for (JsonNode rule : groups) {
            for (JsonNode group : rule.path("flows")) {
                mac = armMac(group.get("mac"));
                if (mac != null) {
                    return mac;
                }
            }
        }
        return null;
    }

    private static String armMac(JsonNode v) {
        return v != null && v.isTextual() ? MacAddress.armFormat(v.asText()) : null;
    }
}
