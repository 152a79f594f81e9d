package io.nsgflow.stream;

import io.nsgflow.alert.Alert;
import io.nsgflow.drift.DriftAlerts;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.LogFormat;
import java.time.Instant;

/** Domain objects with every optional field set, so their documents have every field. */
final class OutputFixtures {

    static final long TIME = Instant.parse("2026-11-20T23:59:30Z").toEpochMilli();

    private OutputFixtures() {}

    static DriftFinding finding(String srcIp, int srcPort) {
        return DriftFinding.newBuilder()
                .setEventTime(TIME)
                .setType(DriftType.UNEXPECTED_ALLOW)
                .setSrcIp(srcIp)
                .setSrcPort(srcPort)
                .setDstIp("10.1.2.4")
                .setDstPort(22)
                .setProtocol(6)
                .setDirection(Direction.INBOUND)
                .setObserved(Judgement.newBuilder().setDecision(Decision.ALLOW).setRule("UserRule_allow-ssh")
                        .setNsg("nsg-app").build())
                .setExpected(Judgement.newBuilder().setDecision(Decision.DENY).setRule("deny-ssh").setNsg("nsg-app")
                        .build())
                .setPolicyVersion("v7")
                .setNicId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-1")
                .setNicName("nic-1")
                .setMac("00-0D-3A-1B-2C-3D")
                .setLogFormat(LogFormat.VNET_V4)
                .setFlowLogResourceId("/subscriptions/s/flowLogs/fl-1")
                .build();
    }

    static Alert alert() {
        return DriftAlerts.of(finding("203.0.113.9", 50000));
    }
}
