package io.nsgflow.evaluate;

import io.nsgflow.flowlog.FlowRecordFixtures;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.LogFormat;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The drift test network (src/test/resources/drift/policy-v1.json), written by hand:
 * <pre>
 * vnet-app 10.1.0.0/16
 *   subnet web 10.1.1.0/24, NSG nsg-web-subnet: in 100 AllowHttpsFromInternet (Internet -> 443 allow),
 *                                               in 200 DenySsh (* -> 22 deny)
 *     nic-web1 10.1.1.4 MAC 00-0D-3A-00-00-01, NSG nsg-web1: in 100 AllowHttps (* -> 443 allow)
 *   subnet db 10.1.2.0/24, no NSG
 *     nic-db1 10.1.2.4 MAC 00-0D-3A-00-00-02, NSG nsg-db: in 100 AllowSqlFromWeb (10.1.1.0/24 -> 1433 allow),
 *                                               in 4000 DenyVnetIn (VirtualNetwork -> * deny)
 * v2 (12:00): nsg-db loses AllowSqlFromWeb.
 * </pre>
 */
public final class EvaluationFixtures {

    public static final String SUB = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG-DRIFT/"
            + "PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/";
    public static final String NSG_WEB_SUBNET = SUB + "NSG-WEB-SUBNET";
    public static final String NSG_WEB1 = SUB + "NSG-WEB1";
    public static final String NSG_DB = SUB + "NSG-DB";
    public static final String GUID_DB = "11111111-0000-4000-8000-000000000003";
    public static final String MAC_WEB1 = "00-0D-3A-00-00-01";
    public static final String MAC_DB1 = "00-0D-3A-00-00-02";

    public static final long V1_FROM = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    public static final long V2_FROM = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    public static final long BEFORE_V1 = V1_FROM - 60_000;
    public static final long UNDER_V1 = V1_FROM + 3_600_000;
    public static final long UNDER_V2 = V2_FROM + 60_000;

    private EvaluationFixtures() {}

    public static String resource(String name) {
        try (InputStream in = EvaluationFixtures.class.getResourceAsStream("/drift/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PolicyUpdate v1() throws PolicyValidationException {
        return PolicyUpdates.read(resource("policy-v1.json"));
    }

    public static PolicyUpdate v2() throws PolicyValidationException {
        return PolicyUpdates.read(resource("nsg-db-v2.json"));
    }

    /** An NSG v2 tuple as the decoder makes it. */
    public static FlowRecord nsgFlow(long time, String src, int srcPort, String dst, int dstPort, Direction dir,
            Decision decision, FlowState state, String rule, String nsgId, String mac) {
        return FlowRecordFixtures.addresses(FlowRecord.newBuilder(), src, dst)
                .setEventTime(time)
                .setLogFormat(LogFormat.NSG_V2)
                .setSrcPort(srcPort)
                .setDstPort(dstPort)
                .setProtocol(6)
                .setDirection(dir)
                .setDecision(decision)
                .setFlowState(state)
                .setRule(rule)
                .setMac(mac)
                .setNsgResourceId(nsgId)
                .build();
    }

    /** A VNet v4 tuple: NSG known by its resourceGuid (aclID), rule often without prefix. */
    public static FlowRecord vnetFlow(long time, String src, int srcPort, String dst, int dstPort, Direction dir,
            Decision decision, String rule, String aclId, String mac) {
        return FlowRecord.newBuilder(nsgFlow(time, src, srcPort, dst, dstPort, dir, decision, FlowState.BEGIN, rule, null, mac))
                .setLogFormat(LogFormat.VNET_V4)
                .setAclId(aclId)
                .build();
    }
}
