package io.nsgflow.aggregate;

import io.nsgflow.flowlog.FlowRecordFixtures;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.LogFormat;

/** Evaluated flows made by hand, as the re-evaluation would emit them. */
final class AggregateFixtures {

    static final String SUBNET_WEB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/web";
    static final String SUBNET_DB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db";
    static final String NSG_DB_ID = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-DB";

    private AggregateFixtures() {}

    static FlowRecord.Builder tuple(long time, String src, String dst, int dstPort, Direction dir, Decision decision,
            FlowState state) {
        return FlowRecordFixtures.addresses(FlowRecord.newBuilder(), src, dst)
                .setEventTime(time)
                .setLogFormat(state == null ? LogFormat.NSG_V1 : LogFormat.NSG_V2)
                .setSrcPort(40000)
                .setDstPort(dstPort)
                .setProtocol(6)
                .setDirection(dir)
                .setDecision(decision)
                .setFlowState(state)
                .setRule("UserRule_AllowSql")
                .setNsgResourceId(NSG_DB_ID);
    }

    static FlowRecord.Builder counters(FlowRecord.Builder b, Long pktsOut, Long bytesOut, Long pktsIn, Long bytesIn) {
        return b.setPacketsSrcToDst(pktsOut).setBytesSrcToDst(bytesOut).setPacketsDstToSrc(pktsIn).setBytesDstToSrc(bytesIn);
    }

    /** Located by the policy: logging NSG named nsg-db, both subnets known when remoteSubnet is not null. */
    static EvaluatedFlow located(FlowRecord f, String localSubnet, String remoteSubnet) {
        return EvaluatedFlow.newBuilder()
                .setFlow(f)
                .setJudged(ConnectionStarts.begins(f))
                .setObserved(new Judgement(f.getDecision(), f.getRule(), "nsg-db"))
                .setLocalSubnetId(localSubnet)
                .setRemoteSubnetId(remoteSubnet)
                .build();
    }

    /** Not located: no policy in force. */
    static EvaluatedFlow unlocated(FlowRecord f) {
        return EvaluatedFlow.newBuilder().setFlow(f).setJudged(false).build();
    }
}
