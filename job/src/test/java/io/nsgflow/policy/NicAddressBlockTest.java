package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIC IP configurations holding an address block, as the REST API documents them:
 * {@code privateIPAddress} "a single IP address or a CIDR block", with
 * {@code privateIPAddressPrefixLength} (snapshot-nic-blocks-arm.json: nic-pods has 172.20.2.4, the
 * block 172.20.2.16/28 in subnet backend, member of asg-pods, and the block 172.20.1.32 with prefix
 * length 29 in subnet frontend; the az file has the same policy flattened, the /28 written as
 * address plus length). Expectations are derived by hand from the two NSGs:
 * nsg-backend (subnet backend) inbound: 100 AllowPodsHttpsFromFrontend Tcp 172.20.1.0/24 -> asg-pods:443,
 * 200 DenyHttpsToOthers Tcp * -> *:443; nsg-frontend (subnet frontend) outbound:
 * 100 AllowHttpsToPods Tcp * -> asg-pods:443, 200 DenyOtherHttps Tcp * -> *:443.
 */
class NicAddressBlockTest {

    private static final String P =
            "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg1/providers/Microsoft.Network/";
    private static final String PODS = P + "networkInterfaces/nic-pods";
    private static final String CLIENT = P + "networkInterfaces/nic-client";
    private static final String BACKEND = P + "virtualNetworks/vnet-blocks/subnets/backend";
    private static final String FRONTEND = P + "virtualNetworks/vnet-blocks/subnets/frontend";
    private static final int TCP = Protocol.TCP;

    private static PolicySnapshot read(String file) throws PolicyValidationException {
        return PolicyReader.readSnapshot(TestPolicies.resource(file));
    }

    static Stream<Arguments> evaluators() throws Exception {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String file : List.of("snapshot-nic-blocks-arm.json", "snapshot-nic-blocks-az.json")) {
            PolicySnapshot s = read(file);
            b.add(Arguments.of(file + " compiled", CompiledPolicy.compile(s)));
            b.add(Arguments.of(file + " linear scan", new LinearScanEvaluator(s)));
        }
        return b.build();
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    private static List<String> trace(PolicyVerdict d) {
        return d.trace().stream().map(v -> v.nsgName() + ":" + v.ruleName()).toList();
    }

    @Test
    void bothShapesReadTheBlockAsAddressAndLength() throws Exception {
        for (String file : List.of("snapshot-nic-blocks-arm.json", "snapshot-nic-blocks-az.json")) {
            List<NetworkInterface.IpConfiguration> configs = read(file).nic(PODS).ipConfigurations();
            assertThat(configs).as(file).extracting(NetworkInterface.IpConfiguration::privateIpAddress)
                    .containsExactly("172.20.2.4", "172.20.2.16", "172.20.1.32");
            assertThat(configs).as(file).extracting(NetworkInterface.IpConfiguration::prefixLength)
                    .containsExactly(null, 28, 29);
            assertThat(configs).as(file).extracting(NetworkInterface.IpConfiguration::addressText)
                    .containsExactly("172.20.2.4", "172.20.2.16/28", "172.20.1.32/29");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void everyAddressOfTheBlockIsTheNics(String what, PolicyEvaluator e) {
        for (String a : List.of("172.20.2.4", "172.20.2.16", "172.20.2.23", "172.20.2.31", "172.20.1.32", "172.20.1.39")) {
            assertThat(e.nicIdByIp(ip(a))).as(a).isEqualToIgnoringCase(PODS);
        }
        for (String a : List.of("172.20.2.5", "172.20.2.15", "172.20.2.32", "172.20.1.31", "172.20.1.40")) {
            assertThat(e.nicIdByIp(ip(a))).as(a).isNull();
        }
        assertThat(e.nicIdByIp(ip("172.20.1.4"))).isEqualToIgnoringCase(CLIENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void aBlockInTheAsgIsMatchedByTheAsgRule(String what, PolicyEvaluator e) {
        // inbound to the block: subnet backend's NSG, the ASG rule (the block is in asg-pods)
        for (String a : List.of("172.20.2.16", "172.20.2.29", "172.20.2.31")) {
            PolicyVerdict d = e.evaluate(PODS, Direction.INBOUND, TCP, ip("172.20.1.4"), 50000, ip(a), 443);
            assertThat(d.access()).as(a).isEqualTo(Access.ALLOW);
            assertThat(trace(d)).as(a).containsExactly("nsg-backend:securityRules/AllowPodsHttpsFromFrontend");
        }
        // the NIC's single address is not in the ASG
        PolicyVerdict single = e.evaluate(PODS, Direction.INBOUND, TCP, ip("172.20.1.4"), 50000, ip("172.20.2.4"), 443);
        assertThat(trace(single)).containsExactly("nsg-backend:securityRules/DenyHttpsToOthers");
        // outbound from the client: the ASG as destination covers the block and nothing around it
        for (String a : List.of("172.20.2.16", "172.20.2.24", "172.20.2.31")) {
            PolicyVerdict d = e.evaluate(CLIENT, Direction.OUTBOUND, TCP, ip("172.20.1.4"), 50000, ip(a), 443);
            assertThat(trace(d)).as(a).containsExactly("nsg-frontend:securityRules/AllowHttpsToPods");
        }
        for (String a : List.of("172.20.2.15", "172.20.2.32", "172.20.2.4")) {
            PolicyVerdict d = e.evaluate(CLIENT, Direction.OUTBOUND, TCP, ip("172.20.1.4"), 50000, ip(a), 443);
            assertThat(d.access()).as(a).isEqualTo(Access.DENY);
            assertThat(trace(d)).as(a).containsExactly("nsg-frontend:securityRules/DenyOtherHttps");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void aBlockIsInItsOwnSubnet(String what, PolicyEvaluator e) {
        // 172.20.1.32/29 is in subnet frontend: outbound from it passes nsg-frontend, which denies 443
        // to the Internet; from the backend address the NIC has no outbound rule but the defaults
        PolicyVerdict front = e.evaluate(PODS, Direction.OUTBOUND, TCP, ip("172.20.1.37"), 50000, ip("8.8.8.8"), 443);
        assertThat(trace(front)).containsExactly("nsg-frontend:securityRules/DenyOtherHttps");
        PolicyVerdict back = e.evaluate(PODS, Direction.OUTBOUND, TCP, ip("172.20.2.20"), 50000, ip("8.8.8.8"), 443);
        assertThat(trace(back)).containsExactly("nsg-backend:defaultSecurityRules/AllowInternetOutBound");
        // a connection from the client into the /29 block: out at the client, in at nic-pods (frontend NSG, defaults)
        PolicyEvaluator.PathDecision path = e.evaluateBetween(TCP, ip("172.20.1.4"), 50000, ip("172.20.1.33"), 8080);
        assertThat(path.destinationNicId()).isEqualToIgnoringCase(PODS);
        assertThat(trace(path.inbound())).containsExactly("nsg-frontend:defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void locatingAFlowFindsTheBlocksSubnet() throws Exception {
        CompiledPolicy c = CompiledPolicy.compile(read("snapshot-nic-blocks-arm.json"));
        CompiledPolicy.FlowLocation in = c.locate(null, Direction.INBOUND, ip("172.20.1.4"), ip("172.20.2.30"));
        assertThat(in.nic().id()).isEqualTo(PODS);
        assertThat(in.localSubnetId()).isEqualTo(BACKEND);
        assertThat(in.remoteSubnetId()).isEqualTo(FRONTEND);
        CompiledPolicy.FlowLocation front = c.locate("00-0D-3A-1B-2C-3D", Direction.OUTBOUND, ip("172.20.1.35"), ip("8.8.8.8"));
        assertThat(front.localSubnetId()).isEqualTo(FRONTEND);
        assertThat(c.nicById(PODS).hasAddress(ip("172.20.2.31"))).isTrue();
        assertThat(c.nicById(PODS).hasAddress(ip("172.20.2.32"))).isFalse();
    }

    @Test
    void ipFlowVerifyAnswersForAnAddressInsideTheBlock() throws Exception {
        IpFlowVerifier v = new IpFlowVerifier(CompiledPolicy.compile(read("snapshot-nic-blocks-az.json")));
        IpFlowVerifier.Answer a = v.verify(new IpFlowVerifier.Query("Inbound", "TCP", "172.20.2.27", "443", "172.20.1.9", "50000", "nic-pods"));
        assertThat(a.error()).isNull();
        assertThat(a.decision().ruleName()).isEqualTo("securityRules/AllowPodsHttpsFromFrontend");
        IpFlowVerifier.Answer outside = v.verify(new IpFlowVerifier.Query("Inbound", "TCP", "172.20.2.32", "443", "172.20.1.9", "50000", "nic-pods"));
        assertThat(outside.error()).contains("172.20.2.32 is not an address of NIC 'nic-pods'");
    }

    // ---- validation

    private static PolicyValidationException reject(String from, String to) {
        String json = TestPolicies.resource("snapshot-nic-blocks-arm.json").replace(from, to);
        assertThat(json).as("the edit applies").contains(to);
        return catchThrowableOfType(() -> PolicyReader.readSnapshot(json), PolicyValidationException.class);
    }

    private static void names(PolicyValidationException e, String field, String reason) {
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.resource()).isEqualTo("networkInterface 'nic-pods'");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(reason);
    }

    @Test
    void aBlockReachingOutOfItsSubnetIsRejected() {
        // 172.20.2.0/23 starts in backend but covers 172.20.3.x too
        names(reject("\"172.20.2.16/28\",\n              \"privateIPAddressPrefixLength\": 28",
                        "\"172.20.2.0/23\",\n              \"privateIPAddressPrefixLength\": 23"),
                "ipConfigurations[1].privateIPAddress", "172.20.2.0/23 (block) is not inside subnet 'backend'");
        // the /29 given by its length field alone, moved into the other subnet's range
        names(reject("\"172.20.1.32\",\n              \"privateIPAddressPrefixLength\": 29",
                        "\"172.20.2.248\",\n              \"privateIPAddressPrefixLength\": 29"),
                "ipConfigurations[2].privateIPAddress", "172.20.2.248/29 (block) is not inside subnet 'frontend'");
    }

    @Test
    void contradictoryOrMisalignedBlocksAreRejected() {
        names(reject("\"privateIPAddressPrefixLength\": 28", "\"privateIPAddressPrefixLength\": 27"),
                "ipConfigurations[1].privateIPAddressPrefixLength", "27 contradicts the block 172.20.2.16/28");
        names(reject("\"172.20.2.16/28\"", "\"172.20.2.17/28\""),
                "ipConfigurations[1].privateIPAddress", "not the start of its block (host bits set): the block starts at 172.20.2.16");
        names(reject("\"privateIPAddressPrefixLength\": 29", "\"privateIPAddressPrefixLength\": 33"),
                "ipConfigurations[2].privateIPAddressPrefixLength", "33 is out of range 0-32");
        names(reject("\"privateIPAddressPrefixLength\": 29", "\"privateIPAddressPrefixLength\": \"wide\""),
                "ipConfigurations[2].privateIPAddressPrefixLength", "not an integer");
        names(reject("\"172.20.2.16/28\"", "\"172.20.2.16/40\""),
                "ipConfigurations[1].privateIPAddress", "not an IP address or CIDR block: '172.20.2.16/40'");
    }
}
