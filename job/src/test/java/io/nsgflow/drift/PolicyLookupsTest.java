package io.nsgflow.drift;

import static io.nsgflow.drift.DriftFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.LoggedRuleName;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.SecurityRule;
import io.nsgflow.policy.timeline.PolicyTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remembered lookups answer exactly what the compiled policy answers, for any text, however many. */
class PolicyLookupsTest {

    private CompiledPolicy v1;
    private CompiledPolicy v2;

    @BeforeEach
    void setUp() throws Exception {
        PolicyTimeline timeline = new PolicyTimeline();
        timeline.add(v1());
        timeline.add(v2());
        v1 = timeline.at(UNDER_V1).compiled();
        v2 = timeline.at(UNDER_V2).compiled();
    }

    private static List<String> variants(String text) {
        return List.of(text, text.toLowerCase(Locale.ROOT), text.toUpperCase(Locale.ROOT), " " + text, text + "x", "");
    }

    @Test
    void answersAsThePolicyDoes() {
        PolicyLookups l = new PolicyLookups(v1);
        for (int round = 0; round < 2; round++) {
            for (String id : List.of(NSG_WEB_SUBNET, NSG_WEB1, NSG_DB, SUB + "NSG-NONE")) {
                for (String v : variants(id)) {
                    assertThat(l.nsgById(v)).as(v).isEqualTo(v1.nsgById(v));
                }
            }
            for (String v : variants(GUID_DB)) {
                assertThat(l.nsgByResourceGuid(v)).as(v).isEqualTo(v1.nsgByResourceGuid(v));
            }
            for (String mac : List.of(MAC_WEB1, MAC_DB1, MAC_WEB1.replace("-", ""), "00-0D-3A-00-00-FF", "zz")) {
                for (String v : variants(mac)) {
                    assertThat(l.nicByMac(v)).as(v).isSameAs(v1.nicByMac(v));
                }
            }
            assertThat(l.nsgById(null)).isNull();
            assertThat(l.nsgByResourceGuid(null)).isNull();
            assertThat(l.nicByMac(null)).isNull();
        }
    }

    @Test
    void ruleNamesAsLoggedRuleNameSaysForEveryNsgAndRule() {
        PolicyLookups l = new PolicyLookups(v1);
        List<String> logged = new ArrayList<>();
        for (String name : List.of("AllowHttps", "AllowHttpsFromInternet", "DenySsh", "AllowSqlFromWeb",
                "DenyVnetIn", "AllowVnetInBound", "DenyAllInBound", "Nope")) {
            for (String prefix : List.of("", "UserRule_", "DefaultRule_", "securityRules/", "userrule_")) {
                logged.addAll(variants(prefix + name));
            }
        }
        logged.add(null);
        for (int round = 0; round < 2; round++) {
            for (String id : List.of(NSG_WEB_SUBNET, NSG_WEB1, NSG_DB)) {
                NetworkSecurityGroup nsg = v1.nsgById(id);
                List<SecurityRule> rules = new ArrayList<>(nsg.securityRules());
                rules.addAll(nsg.defaultSecurityRules());
                rules.add(null);
                for (String name : logged) {
                    assertThat(l.ruleExists(nsg, name)).as(id + " " + name).isEqualTo(LoggedRuleName.existsIn(nsg, name));
                    for (SecurityRule r : rules) {
                        assertThat(l.ruleMatches(r, name)).isEqualTo(LoggedRuleName.matches(r, name));
                    }
                }
            }
        }
    }

    /** More distinct texts than a table holds: still right, and the tables stay bounded. */
    @Test
    void manyDistinctTextsAreAnsweredRight() {
        PolicyLookups l = new PolicyLookups(v1);
        NetworkSecurityGroup db = v1.nsgById(NSG_DB);
        SecurityRule rule = db.securityRules().get(0);
        for (int i = 0; i < 3 * PolicyLookups.MAX_ENTRIES; i++) {
            String id = i % 3 == 0 ? NSG_DB : SUB + "NSG-" + i;
            assertThat(l.nsgById(id)).isEqualTo(v1.nsgById(id));
            String mac = String.format("00-0D-3A-%02X-%02X-%02X", i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF);
            assertThat(l.nicByMac(mac)).isSameAs(v1.nicByMac(mac));
            String name = i % 5 == 0 ? "UserRule_" + rule.name() : "UserRule_R" + i;
            assertThat(l.ruleExists(db, name)).isEqualTo(LoggedRuleName.existsIn(db, name));
            assertThat(l.ruleMatches(rule, name)).isEqualTo(LoggedRuleName.matches(rule, name));
        }
    }

    @Test
    void theCacheKeepsOneTableSetPerPolicy() {
        PolicyLookups.Cache cache = new PolicyLookups.Cache();
        PolicyLookups a = cache.of(v1);
        PolicyLookups b = cache.of(v2);
        assertThat(cache.of(v1)).isSameAs(a);
        assertThat(cache.of(v2)).isSameAs(b);
        assertThat(a.policy()).isSameAs(v1);
        assertThat(b.policy()).isSameAs(v2);
        // v2 removed AllowSqlFromWeb from nsg-db: each policy's own answer
        String sql = "UserRule_AllowSqlFromWeb";
        assertThat(a.ruleExists(a.nsgById(NSG_DB), sql)).isTrue();
        assertThat(b.ruleExists(b.nsgById(NSG_DB), sql)).isFalse();
    }

    @Test
    void addressesParseAsIpAddressDoes() {
        ParsedAddresses a = new ParsedAddresses();
        java.util.Random random = new java.util.Random(3);
        for (int n = 0; n < 20_000; n++) {
            String text = switch (random.nextInt(6)) {
                case 0 -> "10.1." + random.nextInt(4) + "." + random.nextInt(300);
                case 1 -> "2001:db8::" + Integer.toHexString(random.nextInt(5000));
                case 2 -> "bad-" + random.nextInt(10);
                case 3 -> "";
                default -> random.nextInt(256) + "." + random.nextInt(256) + ".0.1";
            };
            // a fresh instance each time too: the table must compare by text, not identity
            String copy = new String(text);
            assertThat(a.parse(text)).isEqualTo(io.nsgflow.policy.IpAddress.tryParse(text));
            assertThat(a.parse(copy)).isEqualTo(io.nsgflow.policy.IpAddress.tryParse(copy));
        }
        assertThat(a.parse(null)).isNull();
    }
}
