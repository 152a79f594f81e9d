package io.nsgflow.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.policy.PortRange;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void parsesAndPrintsBothFamilies() {
        assertThat(IpAddress.parse("10.1.2.3").toString()).isEqualTo("10.1.2.3");
        assertThat(IpAddress.parse("10.1.2.3").isIpv4()).isTrue();
        assertThat(IpAddress.parse("2001:DB8:0:0:0:0:0:1").toString()).isEqualTo("2001:db8::1");
        assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
        assertThat(IpAddress.parse("fe80::1:2").toString()).isEqualTo("fe80::1:2");
        assertThat(IpAddress.parse("1:0:0:2:0:0:0:3").toString()).isEqualTo("1:0:0:2::3");
        assertThat(IpAddress.parse("::ffff:10.1.2.3")).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(IpAddress.parse("64:ff9b::192.0.2.33").toString()).isEqualTo("64:ff9b::c000:221");
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : new String[] {"", "10.1.2", "10.1.2.256", "10.1.2.3.4", "1.2.3.", "a.b.c.d", "1::2::3",
                "12345::", ":1", "1:2:3:4:5:6:7:8:9", "10.1.2.3/24", "01234.1.1.1", "010.0.0.1", "10.0.0.01", "1.2.3.4\u0660"}) {
            assertThat(IpAddress.tryParse(bad)).as(bad).isNull();
        }
        assertThatThrownBy(() -> IpAddress.parse("nope")).hasMessageContaining("nope");
    }

    @Test
    void prefixesCoverTheirRangeOnly() {
        IpPrefix p = IpPrefix.parse("10.1.0.0/16");
        assertThat(p.contains(IpAddress.parse("10.1.0.0"))).isTrue();
        assertThat(p.contains(IpAddress.parse("10.1.255.255"))).isTrue();
        assertThat(p.contains(IpAddress.parse("10.2.0.0"))).isFalse();
        assertThat(p.contains(IpAddress.parse("10.0.255.255"))).isFalse();
        assertThat(IpPrefix.parse("10.1.2.3/16").contains(IpAddress.parse("10.1.9.9"))).isTrue(); // host bits ignored
        assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddress.parse("2001:db8::1"))).isFalse();
        assertThat(IpPrefix.parse("::/0").contains(IpAddress.parse("2001:db8::1"))).isTrue();
        assertThat(IpPrefix.parse("2001:db8::/127").contains(IpAddress.parse("2001:db8::1"))).isTrue();
        assertThat(IpPrefix.parse("2001:db8::/127").contains(IpAddress.parse("2001:db8::2"))).isFalse();
        assertThat(IpPrefix.tryParse("10.0.0.0/33")).isNull();
        assertThat(IpPrefix.tryParse("10.0.0.0/")).isNull();
    }

    @Test
    void portRangesAndProtocols() {
        assertThat(PortRange.parse("*")).isEqualTo(PortRange.ANY);
        assertThat(PortRange.parse("0-65535")).isEqualTo(PortRange.ANY);
        assertThat(PortRange.parse("80")).isEqualTo(new PortRange(80, 80));
        assertThat(PortRange.parse("1000-2000").contains(2000)).isTrue();
        assertThat(PortRange.parse("80").contains(PortRange.NO_PORT)).isFalse();
        assertThat(PortRange.ANY.contains(PortRange.NO_PORT)).isTrue();
        assertThatThrownBy(() -> PortRange.parse("90-80")).hasMessageContaining("90-80");
        assertThatThrownBy(() -> PortRange.parse("65536")).hasMessageContaining("65536");
        assertThatThrownBy(() -> PortRange.parse("http")).hasMessageContaining("http");
        assertThat(Protocol.parseFlow("TCP")).isEqualTo(6);
        assertThat(Protocol.parseFlow("udp")).isEqualTo(17);
        assertThat(Protocol.parseFlow("ICMP")).isEqualTo(1);
        assertThat(Protocol.parseFlow("ESP")).isEqualTo(50);
        assertThat(Protocol.parseFlow("AH")).isEqualTo(51);
        assertThat(Protocol.parseFlow("47")).isEqualTo(47);
        assertThat(Protocol.parseFlow("256")).isEqualTo(-1);
        assertThat(Protocol.parseFlow("GRE")).isEqualTo(47);
        assertThat(Protocol.parseFlow("IPv6-ICMP")).isEqualTo(58);
        assertThat(Protocol.parseFlow("no-such")).isEqualTo(-1);
        assertThat(Protocol.ruleMatches(Protocol.ICMP, Protocol.ICMPV6)).isTrue();
        assertThat(Protocol.ruleMatches(Protocol.ANY, 47)).isTrue();
        assertThat(Protocol.ruleMatches(Protocol.TCP, Protocol.UDP)).isFalse();
    }
}
