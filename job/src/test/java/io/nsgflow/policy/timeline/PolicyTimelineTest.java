package io.nsgflow.policy.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.policy.PolicyValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PolicyTimelineTest {

    private static final String NSG_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-a";
    private static final String VNET_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static PolicyUpdate snapshot(String version, String from, String ruleName) throws PolicyValidationException {
        return PolicyUpdates.read("{\"version\":\"" + version + "\",\"effectiveFrom\":\"" + from + "\","
                + "\"virtualNetworks\":[{\"name\":\"vnet\",\"id\":\"" + VNET_ID + "\",\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"s\",\"id\":\"" + VNET_ID + "/subnets/s\",\"addressPrefix\":\"10.0.0.0/24\"}]}],"
                + "\"networkSecurityGroups\":[" + nsg(ruleName) + "]}");
    }

    private static String nsg(String ruleName) {
        return "{\"name\":\"nsg-a\",\"id\":\"" + NSG_ID + "\",\"resourceGuid\":\"g\",\"securityRules\":[{\"name\":\"" + ruleName
                + "\",\"priority\":100,\"direction\":\"Inbound\",\"access\":\"Allow\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"*\","
                + "\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"443\"}]}";
    }

    private static PolicyUpdate nsgVersion(String from, String ruleName) throws PolicyValidationException {
        String doc = nsg(ruleName);
        return PolicyUpdates.read("{\"effectiveFrom\":\"" + from + "\"," + doc.substring(1));
    }

    private static boolean hasRule(EffectivePolicy p, String rule) {
        return p.compiled().ruleExists(NSG_ID, rule);
    }

    @Test
    void thePolicyAtATimeIsTheLatestSnapshotWithLaterResourceVersionsOnTop() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "R2"));
        tl.add(snapshot("s2", "2026-01-03T00:00:00Z", "R3"));
        tl.add(nsgVersion("2026-01-04T00:00:00Z", "R4"));

        assertThat(tl.covers(t("2025-12-31T23:59:59Z"))).isFalse();
        assertThat(tl.at(t("2025-12-31T23:59:59Z"))).isNull();
        EffectivePolicy p1 = tl.at(t("2026-01-01T12:00:00Z"));
        assertThat(p1.version()).isEqualTo("s1");
        assertThat(hasRule(p1, "R1")).isTrue();
        EffectivePolicy p2 = tl.at(t("2026-01-02T12:00:00Z"));
        assertThat(hasRule(p2, "R2")).isTrue();
        assertThat(hasRule(p2, "R1")).isFalse();
        assertThat(p2.version()).isEqualTo("s1+nsg-a@2026-01-02T00:00:00Z");
        EffectivePolicy p3 = tl.at(t("2026-01-03T00:00:00Z"));
        assertThat(p3.version()).isEqualTo("s2");
        assertThat(hasRule(p3, "R3")).isTrue();
        assertThat(hasRule(tl.at(t("2030-01-01T00:00:00Z")), "R4")).isTrue();
    }

    @Test
    void aSnapshotReplacesResourceVersionsOlderThanIt() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(nsgVersion("2026-01-01T00:00:00Z", "Old"));
        tl.add(snapshot("s", "2026-01-02T00:00:00Z", "FromSnapshot"));
        assertThat(hasRule(tl.at(t("2026-01-05T00:00:00Z")), "FromSnapshot")).isTrue();
        assertThat(hasRule(tl.at(t("2026-01-05T00:00:00Z")), "Old")).isFalse();
    }

    @Test
    void aVersionArrivingLateChangesTheAnswerForItsTimeOnly() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        EffectivePolicy cachedLater = tl.at(t("2026-01-03T00:00:00Z"));
        assertThat(hasRule(cachedLater, "R1")).isTrue();
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "R2"));
        assertThat(hasRule(tl.at(t("2026-01-03T00:00:00Z")), "R2")).isTrue();
        assertThat(hasRule(tl.at(t("2026-01-01T12:00:00Z")), "R1")).isTrue();
    }

    @Test
    void theSameResourceAndTimeReplacesTheEarlierVersion() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "Typo"));
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "Fixed"));
        EffectivePolicy p = tl.at(t("2026-01-02T00:00:00Z"));
        assertThat(hasRule(p, "Fixed")).isTrue();
        assertThat(hasRule(p, "Typo")).isFalse();
        assertThat(tl.size()).isEqualTo(2);
    }

    @Test
    void versionsThatFitTogetherBadlyMakeAnUnusablePolicyWithTheReason() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        String nic = "{\"effectiveFrom\":\"2026-01-02T00:00:00Z\",\"name\":\"nic\",\"id\":\"/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.Network/networkInterfaces/nic\",\"macAddress\":\"00-0D-3A-00-00-09\",\"ipConfigurations\":[{\"name\":\"c\","
                + "\"privateIpAddress\":\"10.0.0.9\",\"subnet\":{\"id\":\"" + VNET_ID + "/subnets/missing\"}}]}";
        tl.add(PolicyUpdates.read(nic));
        EffectivePolicy p = tl.at(t("2026-01-03T00:00:00Z"));
        assertThat(p.isValid()).isFalse();
        assertThat(p.invalidReason()).contains("nic").contains("subnet");
        assertThat(tl.at(t("2026-01-01T00:00:00Z")).isValid()).isTrue();
    }

    @Test
    void pruningKeepsWhatFlowsAfterTheHorizonNeed() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "R2"));
        tl.add(snapshot("s2", "2026-01-03T00:00:00Z", "R3"));
        tl.add(nsgVersion("2026-01-04T00:00:00Z", "R4"));
        tl.add(nsgVersion("2026-01-05T00:00:00Z", "R5"));

        assertThat(tl.pruneBefore(t("2026-01-04T12:00:00Z")))
                .extracting(PolicyUpdate::getEffectiveFrom)
                .containsExactlyInAnyOrder(t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z"));
        assertThat(tl.size()).isEqualTo(3);
        assertThat(hasRule(tl.at(t("2026-01-04T12:00:00Z")), "R4")).isTrue();
        assertThat(hasRule(tl.at(t("2026-01-03T12:00:00Z")), "R3")).isTrue();
        assertThat(hasRule(tl.at(t("2026-01-06T00:00:00Z")), "R5")).isTrue();
        assertThat(tl.pruneBefore(t("2026-01-04T12:00:00Z"))).isEmpty();
    }

    @Test
    void policyMessagesWithoutEffectiveFromAreRejectedNamingTheField() {
        assertThatThrownBy(() -> PolicyUpdates.read(nsg("R")))
                .isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining("nsg-a")
                .hasMessageContaining("effectiveFrom");
    }

    @Test
    void theSameMessageAgainChangesNothingAndKeepsTheCompiledPolicy() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("v1", "2026-11-20T10:00:00Z", "R1"));
        tl.add(nsgVersion("2026-11-20T11:00:00Z", "R2"));
        EffectivePolicy atTen = tl.at(t("2026-11-20T10:30:00Z"));
        EffectivePolicy atEleven = tl.at(t("2026-11-20T11:30:00Z"));

        tl.add(snapshot("v1", "2026-11-20T10:00:00Z", "R1"));
        tl.add(nsgVersion("2026-11-20T11:00:00Z", "R2"));
        assertThat(tl.at(t("2026-11-20T10:30:00Z"))).isSameAs(atTen);
        assertThat(tl.at(t("2026-11-20T11:30:00Z"))).isSameAs(atEleven);

        // a different document at the same time still replaces the version
        tl.add(nsgVersion("2026-11-20T11:00:00Z", "R3"));
        assertThat(hasRule(tl.at(t("2026-11-20T11:30:00Z")), "R3")).isTrue();
        assertThat(hasRule(tl.at(t("2026-11-20T11:30:00Z")), "R2")).isFalse();
        assertThat(tl.at(t("2026-11-20T10:30:00Z"))).isSameAs(atTen);
    }

    @Test
    void pruningDropsResourceVersionsThatALaterSnapshotReplaced() throws Exception {
        PolicyTimeline tl = new PolicyTimeline();
        tl.add(snapshot("s1", "2026-01-01T00:00:00Z", "R1"));
        tl.add(nsgVersion("2026-01-02T00:00:00Z", "R2"));
        tl.add(snapshot("s2", "2026-01-03T00:00:00Z", "R3"));
        // the NSG's latest version at the horizon (01-02) is older than the snapshot in force there
        assertThat(tl.pruneBefore(t("2026-01-03T12:00:00Z")))
                .extracting(PolicyUpdate::getEffectiveFrom)
                .containsExactlyInAnyOrder(t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z"));
        assertThat(tl.size()).isEqualTo(1);
        assertThat(hasRule(tl.at(t("2026-01-03T12:00:00Z")), "R3")).isTrue();
        assertThat(tl.latestEffectiveFrom()).isEqualTo(t("2026-01-03T00:00:00Z"));
    }

    /**
     * What a parallel instance keeps must not depend on the order in which broadcast versions reach
     * it: pruned after every arrival by the latest effective time minus a day, every order ends with
     * the versions derived by hand.
     */
    @Test
    void pruningByTheLatestVersionKeepsTheSameVersionsInEveryArrivalOrder() throws Exception {
        List<PolicyUpdate> versions = List.of(
                snapshot("s1", "2026-01-01T00:00:00Z", "R1"),
                nsgVersion("2026-01-02T00:00:00Z", "R2"),
                snapshot("s2", "2026-01-03T00:00:00Z", "R3"),
                nsgVersion("2026-01-04T00:00:00Z", "R4"),
                nsgVersion("2026-01-05T06:00:00Z", "R5"),
                nsgVersion("2026-01-05T12:00:00Z", "R6"));
        // horizon 01-04T12: s2 is the base (s1, R2 go), R4 is in force at the horizon, R5 and R6 after it
        Set<Long> expected = new TreeSet<>(List.of(t("2026-01-03T00:00:00Z"), t("2026-01-04T00:00:00Z"),
                t("2026-01-05T06:00:00Z"), t("2026-01-05T12:00:00Z")));
        long day = 86_400_000L;
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            List<PolicyUpdate> order = new ArrayList<>(versions);
            Collections.shuffle(order, random);
            PolicyTimeline tl = new PolicyTimeline();
            Set<Long> kept = new TreeSet<>();
            long horizon = Long.MIN_VALUE;
            for (PolicyUpdate u : order) {
                tl.add(u);
                kept.add(u.getEffectiveFrom());
                horizon = Math.max(horizon, tl.latestEffectiveFrom() - day);
                tl.pruneBefore(horizon).forEach(d -> kept.remove(d.getEffectiveFrom()));
            }
            assertThat(kept).as("arrival order %s", order.stream().map(PolicyUpdate::getVersion).toList())
                    .isEqualTo(expected);
            assertThat(tl.size()).isEqualTo(expected.size());
        }
    }
}
