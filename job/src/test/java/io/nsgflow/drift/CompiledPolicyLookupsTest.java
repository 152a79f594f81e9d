package io.nsgflow.drift;

import static io.nsgflow.evaluate.EvaluationFixtures.*;
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

/**
 * The lookups the drift judge makes per flow (NSG by id or resourceGuid, NIC by MAC, logged rule
 * names) answer, through the policy's exact-text tables, what a plain normalizing lookup answers,
 * for the forms flow logs write and any other text. The references here are written out
 * independently of CompiledPolicy.
 */
class CompiledPolicyLookupsTest {

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

    /** By id, case-insensitively (what PolicySnapshot's keys mean; blanks are not trimmed). */
    private NetworkSecurityGroup nsgByIdReference(CompiledPolicy p, String id) {
        for (NetworkSecurityGroup g : p.snapshot().networkSecurityGroups().values()) {
            if (g.id().equalsIgnoreCase(id)) {
                return g;
            }
        }
        return null;
    }

    private NetworkSecurityGroup nsgByGuidReference(CompiledPolicy p, String guid) {
        for (NetworkSecurityGroup g : p.snapshot().networkSecurityGroups().values()) {
            if (g.resourceGuid() != null && g.resourceGuid().equalsIgnoreCase(guid.trim())) {
                return g;
            }
        }
        return null;
    }

    /** The NIC whose MAC has the same twelve hex digits, or null. */
    private String nicByMacReference(CompiledPolicy p, String mac) {
        String m = twelveDigits(mac);
        if (m == null) {
            return null;
        }
        for (var n : p.snapshot().networkInterfaces().values()) {
            if (m.equals(twelveDigits(n.macAddress()))) {
                return n.id();
            }
        }
        return null;
    }

    /** The MAC's hex digits in upper case without separators, or null when there are not twelve. */
    private static String twelveDigits(String mac) {
        if (mac == null) {
            return null;
        }
        String digits = mac.replaceAll("[-:.]", "").toUpperCase(java.util.Locale.ROOT);
        return digits.matches("[0-9A-F]{12}") ? digits : null;
    }

    @Test
    void answersAsANormalizingLookupDoes() {
        for (int round = 0; round < 2; round++) {
            for (String id : List.of(NSG_WEB_SUBNET, NSG_WEB1, NSG_DB, SUB + "NSG-NONE")) {
                for (String v : variants(id)) {
                    assertThat(v1.nsgById(v)).as(v).isEqualTo(nsgByIdReference(v1, v));
                }
            }
            for (String v : variants(GUID_DB)) {
                assertThat(v1.nsgByResourceGuid(v)).as(v).isEqualTo(nsgByGuidReference(v1, v));
            }
            for (String mac : List.of(MAC_WEB1, MAC_DB1, MAC_WEB1.replace("-", ""), "00-0D-3A-00-00-FF", "zz")) {
                for (String v : variants(mac)) {
                    CompiledPolicy.Nic n = v1.nicByMac(v);
                    assertThat(n == null ? null : n.id()).as(v).isEqualTo(nicByMacReference(v1, v));
                }
            }
            assertThat(v1.nsgById(null)).isNull();
            assertThat(v1.nsgByResourceGuid(null)).isNull();
            assertThat(v1.nicByMac(null)).isNull();
        }
    }

    /** LoggedRuleName as it was before it compared prefixes in place: lower-casing, startsWith. */
    private static boolean matchesReference(SecurityRule rule, String logged) {
        if (rule == null || logged == null) {
            return false;
        }
        String s = logged.trim();
        String l = s.toLowerCase(Locale.ROOT);
        String bare = s;
        for (String p : new String[] {"userrule_", "defaultrule_", "securityrules/", "defaultsecurityrules/"}) {
            if (l.startsWith(p)) {
                bare = s.substring(p.length());
                break;
            }
        }
        return rule.name().equalsIgnoreCase(s) || rule.name().equalsIgnoreCase(bare);
    }

    private static boolean existsReference(NetworkSecurityGroup nsg, String logged) {
        List<SecurityRule> all = new ArrayList<>(nsg.securityRules());
        all.addAll(nsg.defaultSecurityRules());
        return all.stream().anyMatch(r -> matchesReference(r, logged));
    }

    @Test
    void ruleNamesAsTheReferenceSaysForEveryNsgAndRule() {
        List<String> logged = new ArrayList<>();
        for (String name : List.of("AllowHttps", "AllowHttpsFromInternet", "DenySsh", "AllowSqlFromWeb",
                "DenyVnetIn", "AllowVnetInBound", "DenyAllInBound", "Nope")) {
            for (String prefix : List.of("", "UserRule_", "DefaultRule_", "securityRules/", "userrule_",
                    "defaultSecurityRules/")) {
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
                    assertThat(v1.ruleExists(nsg, name)).as(id + " " + name).isEqualTo(existsReference(nsg, name));
                    assertThat(LoggedRuleName.existsIn(nsg, name)).as(id + " " + name).isEqualTo(existsReference(nsg, name));
                    for (SecurityRule r : rules) {
                        assertThat(LoggedRuleName.matches(r, name)).isEqualTo(matchesReference(r, name));
                    }
                }
            }
        }
    }

    /** Many texts never seen in the policy: each answered as the reference answers it. */
    @Test
    void manyDistinctTextsAreAnsweredRight() {
        NetworkSecurityGroup db = v1.nsgById(NSG_DB);
        SecurityRule rule = db.securityRules().get(0);
        for (int i = 0; i < 12_000; i++) {
            String id = i % 3 == 0 ? NSG_DB : SUB + "NSG-" + i;
            assertThat(v1.nsgById(id)).isEqualTo(nsgByIdReference(v1, id));
            String mac = String.format("00-0D-3A-%02X-%02X-%02X", i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF);
            CompiledPolicy.Nic n = v1.nicByMac(mac);
            assertThat(n == null ? null : n.id()).isEqualTo(nicByMacReference(v1, mac));
            String name = i % 5 == 0 ? "UserRule_" + rule.name() : "UserRule_R" + i;
            assertThat(v1.ruleExists(db, name)).isEqualTo(existsReference(db, name));
            assertThat(LoggedRuleName.matches(rule, name)).isEqualTo(matchesReference(rule, name));
        }
    }

    @Test
    void eachPolicyAnswersForItself() {
        // v2 removed AllowSqlFromWeb from nsg-db: each policy's own answer
        String sql = "UserRule_AllowSqlFromWeb";
        assertThat(v1.ruleExists(v1.nsgById(NSG_DB), sql)).isTrue();
        assertThat(v2.ruleExists(v2.nsgById(NSG_DB), sql)).isFalse();
    }
}
