package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import java.util.List;

/**
 * Addresses with platform meaning.
 *
 * <p>Choice for the platform addresses (the reference says flows to and from them are allowed by
 * the platform, not by a rule; Microsoft also says health probes from 168.63.129.16 are subject
 * to NSGs through the AzureLoadBalancer tag). nsgflow decides:
 * <ul>
 *   <li>outbound from a NIC to 168.63.129.16 (DNS, DHCP, wire server) or 169.254.169.254 (IMDS):
 *       allowed by the platform, no NSG, no rule;</li>
 *   <li>inbound from 169.254.169.254: allowed by the platform;</li>
 *   <li>inbound from 168.63.129.16: these are load-balancer health probes, evaluated by the NSGs
 *       (default rule AllowAzureLoadBalancerInBound), so that the AzureLoadBalancer tag and the
 *       flow-log lines Azure writes for probes are explained.</li>
 * </ul>
 */
public final class PlatformAddresses {

    public static final IpAddress WIRE_SERVER = IpAddress.parse("168.63.129.16");
    public static final IpAddress IMDS = IpAddress.parse("169.254.169.254");

    /** What the AzureLoadBalancer tag stands for: the health probe source. */
    public static final List<IpPrefix> AZURE_LOAD_BALANCER = List.of(IpPrefix.parse("168.63.129.16/32"));

    /**
     * Ranges that are never Internet: private (RFC 1918, RFC 6598, ULA), loopback, link-local,
     * "this network", multicast and reserved, and the platform address. Internet is every other
     * address not in the VirtualNetwork tag.
     */
    public static final List<IpPrefix> NON_INTERNET = List.of(
            IpPrefix.parse("0.0.0.0/8"), IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("100.64.0.0/10"),
            IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("169.254.0.0/16"), IpPrefix.parse("172.16.0.0/12"),
            IpPrefix.parse("192.168.0.0/16"), IpPrefix.parse("168.63.129.16/32"), IpPrefix.parse("224.0.0.0/3"),
            IpPrefix.parse("::/128"), IpPrefix.parse("::1/128"), IpPrefix.parse("fc00::/7"),
            IpPrefix.parse("fe80::/10"), IpPrefix.parse("ff00::/8"));

    private PlatformAddresses() {}

    /** Whether the platform allows this flow at a NIC without any NSG (see the class comment). */
    public static boolean allowedByPlatform(Direction direction, IpAddress src, IpAddress dst) {
        if (direction == Direction.OUTBOUND) {
            return is(dst, WIRE_SERVER) || is(dst, IMDS);
        }
        return is(src, IMDS);
    }

    /** Whether the address (its two words, as a flow record carries them) is the wire server or IMDS. */
    public static boolean isPlatformAddress(long hi, long lo) {
        return lo == WIRE_SERVER.lo() && hi == WIRE_SERVER.hi() || lo == IMDS.lo() && hi == IMDS.hi();
    }

    /** Equality on the two words: the hot path keeps the flow's addresses in registers. */
    private static boolean is(IpAddress a, IpAddress platform) {
        return a.lo() == platform.lo() && a.hi() == platform.hi();
    }
}
