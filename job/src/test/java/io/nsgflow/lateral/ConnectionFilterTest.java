package io.nsgflow.lateral;

import static io.nsgflow.lateral.LateralFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowRecordFixtures;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.flowlog.LogFormat;
import io.nsgflow.net.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which evaluated flows the detectors count: east-west connection starts, never platform addresses or probes. */
class ConnectionFilterTest {

    private static final String WEB_SUBNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/web";
    private static final String APP_SUBNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/app";

    private final ConnectionFilter filter = new ConnectionFilter(List.of());

    private static FlowRecord flow(long time, String src, int srcPort, String dst, int dstPort, Direction dir, Decision decision,
            FlowState state) {
        return FlowRecordFixtures.addresses(FlowRecord.newBuilder(), src, dst)
                .setEventTime(time).setLogFormat(LogFormat.NSG_V2)
                .setSrcPort(srcPort).setDstPort(dstPort).setProtocol(6)
                .setDirection(dir).setDecision(decision).setFlowState(state)
                .setRule(decision == Decision.ALLOW ? "DefaultRule_AllowVnetInBound" : "DefaultRule_DenyAllInBound")
                .setNsgResourceId("/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-APP")
                .setMac("000D3A1B2C3D")
                .build();
    }

    /** As the re-evaluation emits it for a flow logged at a NIC of the app subnet whose peer is (or is not) in the network. */
    private static EvaluatedFlow atAppNic(FlowRecord f, boolean peerInNetwork, String peerSubnet) {
        return EvaluatedFlow.newBuilder()
                .setFlow(f)
                .setJudged(f.getFlowState() == FlowState.BEGIN)
                .setObserved(new Judgement(f.getDecision(), f.getRule(), "nsg-app"))
                .setNicId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/vm-app-1-nic")
                .setNicName("vm-app-1-nic")
                .setLocalSubnetId(APP_SUBNET)
                .setRemoteSubnetId(peerSubnet)
                .setRemoteInNetwork(peerInNetwork)
                .build();
    }

    @Test
    void anEastWestConnectionStartIsCountedWithItsRule() {
        EvaluatedFlow e = EvaluatedFlow.newBuilder(atAppNic(
                        flow(T0, "10.1.1.4", 50000, "10.1.2.4", 3389, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN),
                        true, WEB_SUBNET))
                .setExpected(new Judgement(Decision.ALLOW, "defaultSecurityRules/AllowVnetInBound", "nsg-app"))
                .setExpectedRuleWide(true)
                .build();
        Connection c = filter.connection(e);
        assertThat(c).isNotNull();
        assertThat(c.src).isEqualTo("10.1.1.4");
        assertThat(c.dst).isEqualTo("10.1.2.4");
        assertThat(c.dstPort).isEqualTo(3389);
        assertThat(c.protocol).isEqualTo("TCP");
        assertThat(c.allowed).isTrue();
        assertThat(c.crossesSubnet).isTrue();
        assertThat(c.rule).isEqualTo("defaultSecurityRules/AllowVnetInBound");
        assertThat(c.defaultRule).isTrue();
        assertThat(c.wideRule).isTrue();
        assertThat(c.srcNic).isNull(); // logged inbound: the NIC is the destination's
    }

    @Test
    void outboundLinesNameTheSourceNicAndDeniedAttemptsCount() {
        Connection c = filter.connection(atAppNic(
                flow(T0, "10.1.2.4", 50000, "10.1.3.4", 1433, Direction.OUTBOUND, Decision.DENY, FlowState.BEGIN), true, null));
        assertThat(c).isNotNull();
        assertThat(c.allowed).isFalse();
        assertThat(c.srcNic).isEqualTo("vm-app-1-nic");
        assertThat(c.srcMac).isEqualTo("000D3A1B2C3D");
        assertThat(c.rule).isNull();
    }

    @Test
    void continuingAndEndTuplesAreNoNewConnection() {
        for (FlowState s : new FlowState[] {FlowState.CONTINUING, FlowState.END}) {
            assertThat(filter.connection(atAppNic(
                    flow(T0, "10.1.1.4", 50000, "10.1.2.4", 8080, Direction.INBOUND, Decision.ALLOW, s), true, WEB_SUBNET)))
                    .as("%s", s).isNull();
        }
    }

    @Test
    void loadBalancerProbesAndPlatformAddressesAreNeverCounted() {
        // health probes from the AzureLoadBalancer tag (168.63.129.16), DNS and the wire server, IMDS
        assertThat(filter.connection(atAppNic(
                flow(T0, "168.63.129.16", 60000, "10.1.2.4", 443, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN), true, null)))
                .isNull();
        assertThat(filter.connection(atAppNic(
                flow(T0, "10.1.2.4", 50000, "168.63.129.16", 53, Direction.OUTBOUND, Decision.ALLOW, FlowState.BEGIN), true, null)))
                .isNull();
        assertThat(filter.connection(atAppNic(
                flow(T0, "10.1.2.4", 50000, "169.254.169.254", 80, Direction.OUTBOUND, Decision.ALLOW, FlowState.BEGIN), true, null)))
                .isNull();
    }

    @Test
    void theLoadBalancerProbingEveryHostIsNoSweep() {
        // one probe a second to each of 200 hosts on 443, as the filter and the detectors see it
        SourceDetectors d = new SourceDetectors(LateralSettings.defaults());
        SourceState st = new SourceState();
        Collected out = new Collected();
        int counted = 0;
        for (int i = 0; i < 200; i++) {
            Connection c = filter.connection(atAppNic(flow(T0 + i * 1000, "168.63.129.16", 60000 + i,
                    "10.1.2." + (4 + i), 443, Direction.INBOUND, Decision.ALLOW, FlowState.BEGIN), true, null));
            if (c != null) {
                counted++;
                d.offer(st, c, null, out);
            }
        }
        d.advance(st, Long.MAX_VALUE - 1, null, out);
        assertThat(counted).isZero();
        assertThat(out.alerts()).isEmpty();
    }

    @Test
    void aPeerOutsideTheNetworkIsNotEastWestUnlessAnInternalPrefixHoldsIt() {
        FlowRecord toOnPrem = flow(T0, "10.1.2.4", 50000, "192.168.10.5", 22, Direction.OUTBOUND, Decision.ALLOW, FlowState.BEGIN);
        assertThat(filter.connection(atAppNic(toOnPrem, false, null))).isNull();
        Connection c = new ConnectionFilter(List.of("192.168.0.0/16")).connection(atAppNic(toOnPrem, false, null));
        assertThat(c).isNotNull();
        assertThat(c.dst).isEqualTo("192.168.10.5");
        FlowRecord fromInternet = flow(T0, "203.0.113.9", 50000, "10.1.2.4", 22, Direction.INBOUND, Decision.DENY, FlowState.BEGIN);
        assertThat(new ConnectionFilter(List.of("192.168.0.0/16")).connection(atAppNic(fromInternet, false, null))).isNull();
    }
}
