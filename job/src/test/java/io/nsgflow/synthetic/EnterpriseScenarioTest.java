package io.nsgflow.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.policy.Access;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyVerdict;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.MacAddress;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.timeline.PolicyUpdateKind;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import io.nsgflow.synthetic.EnterpriseScenario.Host;
import io.nsgflow.synthetic.EnterpriseScenario.Tier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scenario's policy files are what PolicyReader accepts, and the network behaves as documented (by hand). */
class EnterpriseScenarioTest {

    private final EnterpriseScenario s = EnterpriseScenario.generate(42);

    @Test
    void theSnapshotAndTheChangeReadAndValidate() throws Exception {
        PolicySnapshot v1 = PolicyReader.readSnapshot(s.snapshotV1Json());
        assertThat(v1.version()).isEqualTo("v1");
        assertThat(v1.effectiveFrom()).isEqualTo(EnterpriseScenario.DEFAULT_V1_FROM);
        assertThat(v1.virtualNetworks()).hasSize(3);
        assertThat(v1.networkInterfaces()).hasSize(EnterpriseScenario.DEFAULT_NICS);
        assertThat(v1.applicationSecurityGroups()).hasSize(6);
        assertThat(v1.networkSecurityGroups()).hasSize(9);
        assertThat(v1.serviceTags().prefixesByName()).hasSize(2);

        PolicyUpdate change = PolicyUpdates.read(s.changeV2Json());
        assertThat(change.getKind()).isEqualTo(PolicyUpdateKind.RESOURCE);
        assertThat(change.getEffectiveFrom()).isEqualTo(EnterpriseScenario.DEFAULT_V1_FROM.plusSeconds(1800).toEpochMilli());
        assertThat(change.getVersion()).isEqualTo(EnterpriseScenario.V2_VERSION);
        // the change is a new version of an NSG the snapshot has (same id and resourceGuid), one rule fewer
        var changed = (io.nsgflow.policy.NetworkSecurityGroup) PolicyReader.readResource(s.changeV2Json());
        var before = v1.nsg(changed.id());
        assertThat(before).isNotNull();
        assertThat(changed.resourceGuid()).isEqualTo(before.resourceGuid());
        assertThat(changed.securityRules()).hasSize(before.securityRules().size() - 1);
    }

    @Test
    void nicsHaveUniqueMacsAndAddressesInTheirTiersSubnet() {
        Set<String> macs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (Host h : s.hosts()) {
            assertThat(MacAddress.armFormat(h.mac())).isNotNull();
            assertThat(macs.add(h.mac())).isTrue();
            assertThat(ips.add(h.ip())).isTrue();
            String third = switch (h.tier()) {
                case MGMT -> "1";
                case WEB -> "1";
                case APP -> "2";
                case DB -> "3";
            };
            String second = switch (h.vnet()) {
                case "vnet-hub" -> "0";
                case "vnet-prod" -> "1";
                default -> "2";
            };
            assertThat(h.ip()).startsWith("10." + second + "." + third + ".");
            assertThat(h.vnetFlowLogs()).isEqualTo(h.vnet().equals("vnet-dev"));
        }
        for (String vnet : new String[] {"vnet-prod", "vnet-dev"}) {
            for (Tier t : new Tier[] {Tier.WEB, Tier.APP, Tier.DB}) {
                assertThat(s.hosts(t, vnet)).as(vnet + " " + t).isNotEmpty();
            }
        }
        assertThat(s.jumpHost().ip()).isEqualTo("10.0.1.4");
    }

    @Test
    void theRulesDoWhatTheScenarioSays() {
        Host prodWeb = s.hosts(Tier.WEB, "vnet-prod").get(0);
        Host prodApp = s.hosts(Tier.APP, "vnet-prod").get(0);
        Host prodDb = s.hosts(Tier.DB, "vnet-prod").get(0);
        Host devApp = s.hosts(Tier.APP, "vnet-dev").get(0);
        CompiledPolicy v1 = s.v1();
        CompiledPolicy v2 = s.v2();

        expect(v1, prodWeb, Direction.INBOUND, "77.1.2.3", prodWeb.ip(), 443, Access.ALLOW, "nsg-prod-web-nic", "AllowWebPorts");
        expect(v1, prodWeb, Direction.INBOUND, "77.1.2.3", prodWeb.ip(), 80, Access.ALLOW, "nsg-prod-web-nic", "AllowWebPorts");
        expect(v2, prodWeb, Direction.INBOUND, "77.1.2.3", prodWeb.ip(), 80, Access.DENY, "nsg-prod-web", "DenyAllInBound");
        expect(v1, prodWeb, Direction.INBOUND, "45.1.2.3", prodWeb.ip(), 3389, Access.DENY, "nsg-prod-web", "DenySshRdpFromInternet");
        expect(v1, prodApp, Direction.INBOUND, prodWeb.ip(), prodApp.ip(), 8080, Access.ALLOW, "nsg-prod-app", "AllowAppFromWeb");
        expect(v1, prodApp, Direction.INBOUND, prodWeb.ip(), prodApp.ip(), 8081, Access.DENY, "nsg-prod-app", "DenyVnetInBound");
        expect(v1, prodDb, Direction.INBOUND, prodApp.ip(), prodDb.ip(), 1433, Access.ALLOW, "nsg-prod-db", "AllowSqlFromApp");
        expect(v1, prodDb, Direction.INBOUND, prodWeb.ip(), prodDb.ip(), 1433, Access.DENY, "nsg-prod-db", "DenyVnetInBound");
        expect(v1, prodDb, Direction.INBOUND, "10.0.1.4", prodDb.ip(), 22, Access.ALLOW, "nsg-prod-db", "AllowSshFromJump");
        expect(v1, prodDb, Direction.OUTBOUND, prodDb.ip(), "52.239.140.9", 443, Access.ALLOW, "nsg-prod-db", "AllowStorageBackup");
        expect(v1, prodDb, Direction.OUTBOUND, prodDb.ip(), "13.107.4.50", 443, Access.DENY, "nsg-prod-db", "DenyInternetOutBound");
        // the ASG of prod web does not reach into dev: dev's app rule names dev's web ASG
        expect(v1, devApp, Direction.INBOUND, prodWeb.ip(), devApp.ip(), 8080, Access.DENY, "nsg-dev-app", "DenyAllInBound");
        expect(v1, s.jumpHost(), Direction.INBOUND, "203.0.113.20", "10.0.1.4", 22, Access.ALLOW, "nsg-jump-nic", "AllowSshFromCorp");
        expect(v1, s.jumpHost(), Direction.INBOUND, "45.1.2.3", "10.0.1.4", 22, Access.DENY, "nsg-hub-mgmt", "DenySshRdpFromInternet");
    }

    @Test
    void anotherSeedGivesOtherMacsButTheSameNetwork() {
        EnterpriseScenario other = EnterpriseScenario.generate(43);
        assertThat(other.hosts()).extracting(Host::ip).isEqualTo(s.hosts().stream().map(Host::ip).toList());
        assertThat(other.hosts()).extracting(Host::mac).isNotEqualTo(s.hosts().stream().map(Host::mac).toList());
        assertThat(EnterpriseScenario.generate(42, 50, EnterpriseScenario.DEFAULT_V1_FROM,
                EnterpriseScenario.DEFAULT_V1_FROM.plusSeconds(60)).hosts()).hasSize(50);
    }

    @Test
    void everySizeHasEveryTierInBothSpokes() {
        for (int n = EnterpriseScenario.MIN_NICS; n <= 60; n += 5) {
            EnterpriseScenario e = EnterpriseScenario.generate(1, n, EnterpriseScenario.DEFAULT_V1_FROM,
                    EnterpriseScenario.DEFAULT_V1_FROM.plusSeconds(60));
            assertThat(e.hosts()).hasSize(n);
            for (String vnet : new String[] {"vnet-prod", "vnet-dev"}) {
                for (Tier t : new Tier[] {Tier.WEB, Tier.APP, Tier.DB}) {
                    assertThat(e.hosts(t, vnet)).as(n + " NICs: " + vnet + " " + t).isNotEmpty();
                }
            }
        }
    }

    private static void expect(CompiledPolicy p, Host at, Direction dir, String src, String dst, int port, Access access,
            String nsg, String rule) {
        PolicyVerdict d = p.evaluate(p.nicById(at.nicId()), dir, 6, IpAddress.parse(src), 50000, IpAddress.parse(dst), port);
        String what = dir + " " + src + " -> " + dst + ":" + port;
        assertThat(d.access()).as(what).isEqualTo(access);
        assertThat(d.nsgName()).as(what).isEqualTo(nsg);
        assertThat(d.deciding().rule().name()).as(what).isEqualTo(rule);
    }
}
