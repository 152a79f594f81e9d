package io.nsgflow.ingest.blob;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes flow-log blobs the way Network Watcher does: one {@code PT1H.json} block blob per flow-log
 * target, MAC and hour (NSG flow logs in {@link #CONTAINER} under
 * {@code resourceId=/SUBSCRIPTIONS/.../y=/m=/d=/h=/m=00/macAddress=/PT1H.json}, VNet flow logs in
 * {@link #VNET_CONTAINER} under {@code flowLogResourceID=/<subscription>_<resource group>/<watcher>_<flow log>/y=...});
 * the first block {@code {"records":[}, then one block per minute with that minute's record (a
 * comma before every record but the first), the block list committed again after each minute with
 * the closing {@code ]}} block last.
 */
public final class NetworkWatcherBlobs {

    public static final String CONTAINER = "insights-logs-networksecuritygroupflowevent";
    public static final String VNET_CONTAINER = "insights-logs-flowlogflowevent";
    private static final String OPEN = "{\"records\":[";
    private static final String CLOSE = "]}";

    private final BlobContainerClient container;
    private final int tuplesPerRecord;
    private final Map<String, List<String>> blockIds = new LinkedHashMap<>();
    private final List<String> written = new ArrayList<>();
    private long bytes;

    public NetworkWatcherBlobs(BlobContainerClient container, int tuplesPerRecord) {
        this.container = container;
        this.tuplesPerRecord = tuplesPerRecord;
        if (!container.exists()) {
            container.create();
        }
    }

    /** The blob of NSG {@code nsg} for the hour that holds {@code minute}. */
    public static String blobName(int nsg, Instant minute) {
        return nsgBlobName(String.format(Locale.ROOT, "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/"
                + "RG-NSGFLOW/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-%02d", nsg), minute,
                String.format(Locale.ROOT, "000D3AF878%02d", nsg));
    }

    /** Where Network Watcher writes the NSG flow log of {@code nsgId} for {@code mac} in the hour of {@code time}. */
    public static String nsgBlobName(String nsgId, Instant time, String mac) {
        return "resourceId=" + nsgId.toUpperCase(Locale.ROOT) + hourAndMac(time, mac);
    }

    /**
     * Where Network Watcher writes the VNet flow log {@code flowLogId}
     * ({@code /SUBSCRIPTIONS/<s>/RESOURCEGROUPS/<rg>/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/<w>/FLOWLOGS/<f>})
     * for {@code mac} in the hour of {@code time}: {@code flowLogResourceID=/<s>_<rg>/<w>_<f>/y=...}.
     */
    public static String vnetBlobName(String flowLogId, Instant time, String mac) {
        String[] p = flowLogId.toUpperCase(Locale.ROOT).split("/");
        if (p.length != 11 || !p[1].equals("SUBSCRIPTIONS") || !p[7].equals("NETWORKWATCHERS") || !p[9].equals("FLOWLOGS")) {
            throw new IllegalArgumentException("not a flow log resource id: " + flowLogId);
        }
        return "flowLogResourceID=/" + p[2] + "_" + p[4] + "/" + p[8] + "_" + p[10] + hourAndMac(time, mac);
    }

    private static String hourAndMac(Instant time, String mac) {
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "/y=%d/m=%02d/d=%02d/h=%02d/m=00/macAddress=%s/PT1H.json", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), mac.replace("-", "").toUpperCase(Locale.ROOT));
    }

    /** The record NSG {@code nsg} logs for {@code minute}: a Version 2 record with distinct tuples. */
    public String record(int nsg, Instant minute) {
        StringBuilder tuples = new StringBuilder();
        long epoch = minute.getEpochSecond();
        for (int i = 0; i < tuplesPerRecord; i++) {
            if (i > 0) {
                tuples.append(',');
            }
            tuples.append(String.format(Locale.ROOT, "\"%d,10.%d.%d.%d,10.9.0.4,%d,443,T,I,A,B,,,,\"", epoch + i % 60,
                    nsg, (i / 250) % 250, i % 250 + 1, 40000 + i % 20000));
        }
        return String.format(Locale.ROOT, "{\"time\":\"%s\",\"systemId\":\"00000000-0000-0000-0000-0000000000%02d\","
                + "\"macAddress\":\"000D3AF878%02d\",\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":"
                + "\"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG-NSGFLOW/PROVIDERS/"
                + "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-%02d\",\"operationName\":\"NetworkSecurityGroupFlowEvents\","
                + "\"properties\":{\"Version\":2,\"flows\":[{\"rule\":\"UserRule_AllowHttps\",\"flows\":[{\"mac\":"
                + "\"000D3AF878%02d\",\"flowTuples\":[%s]}]}]}}", minute, nsg, nsg, nsg, nsg, tuples);
    }

    /** Appends NSG {@code nsg}'s record of {@code minute} to its hour's blob, as Network Watcher does. */
    public void append(int nsg, Instant minute) {
        append(blobName(nsg, minute), record(nsg, minute));
    }

    /** Appends {@code record} (one flow-log record's JSON, as Network Watcher writes one a minute) to blob {@code name}. */
    public void append(String name, String record) {
        BlockBlobClient blob = container.getBlobClient(name).getBlockBlobClient();
        List<String> ids = blockIds.computeIfAbsent(name, n -> new ArrayList<>());
        if (ids.isEmpty()) {
            ids.add(stage(blob, 0, OPEN));
        }
        ids.add(stage(blob, ids.size(), (ids.size() == 1 ? "" : ",") + record));
        String close = stage(blob, 999_999, CLOSE);
        List<String> list = new ArrayList<>(ids);
        list.add(close);
        blob.commitBlockList(list, true);
        written.add(record);
    }

    private String stage(BlockBlobClient blob, int index, String content) {
        String id = Base64.getEncoder().encodeToString(String.format(Locale.ROOT, "%06d", index)
                .getBytes(StandardCharsets.US_ASCII));
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        blob.stageBlock(id, BinaryData.fromBytes(data));
        bytes += data.length;
        return id;
    }

    /** Every record appended so far, in order. */
    public List<String> written() {
        return List.copyOf(written);
    }

    /** Bytes of the blocks staged (framing included). */
    public long bytesStaged() {
        return bytes;
    }
}
