package io.nsgflow.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IANA keywords as ECS network.transport wants them (lower case), from the IANA Protocol Numbers registry. */
class ProtocolTest {

    @Test
    void numbersHaveTheirIanaKeywordsInLowerCase() {
        assertThat(Protocol.name(0)).isEqualTo("hopopt");
        assertThat(Protocol.name(1)).isEqualTo("icmp");
        assertThat(Protocol.name(2)).isEqualTo("igmp");
        assertThat(Protocol.name(6)).isEqualTo("tcp");
        assertThat(Protocol.name(17)).isEqualTo("udp");
        assertThat(Protocol.name(41)).isEqualTo("ipv6");
        assertThat(Protocol.name(47)).isEqualTo("gre");
        assertThat(Protocol.name(50)).isEqualTo("esp");
        assertThat(Protocol.name(51)).isEqualTo("ah");
        assertThat(Protocol.name(58)).isEqualTo("ipv6-icmp");
        assertThat(Protocol.name(89)).isEqualTo("ospfigp");
        assertThat(Protocol.name(103)).isEqualTo("pim");
        assertThat(Protocol.name(112)).isEqualTo("vrrp");
        assertThat(Protocol.name(132)).isEqualTo("sctp");
        assertThat(Protocol.name(136)).isEqualTo("udplite");
        // unassigned and reserved numbers keep their number
        assertThat(Protocol.name(200)).isEqualTo("200");
        assertThat(Protocol.name(255)).isEqualTo("255");
    }

    @Test
    void everyNameParsesBackToItsNumber() {
        for (int n = 0; n <= 255; n++) {
            assertThat(Protocol.parseFlow(Protocol.name(n))).as("%d", n).isEqualTo(n);
            assertThat(Protocol.name(n)).isLowerCase();
        }
        assertThat(Protocol.parseFlow("ICMPv6")).isEqualTo(58);
        assertThat(Protocol.parseFlow("T")).isEqualTo(6);
        assertThat(Protocol.parseFlow("")).isEqualTo(-1);
        assertThat(Protocol.parseFlow(null)).isEqualTo(-1);
    }

    @Test
    void starRulesMatchEveryProtocolAndIcmpRulesBothIcmps() {
        for (int n = 0; n <= 255; n++) {
            assertThat(Protocol.ruleMatches(Protocol.ANY, n)).isTrue();
            assertThat(Protocol.ruleMatches(Protocol.TCP, n)).isEqualTo(n == 6);
            assertThat(Protocol.ruleMatches(Protocol.ICMP, n)).isEqualTo(n == 1 || n == 58);
            assertThat(Protocol.hasPorts(n)).isEqualTo(n == 6 || n == 17);
        }
    }
}
