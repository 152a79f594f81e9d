package io.nsgflow.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rules of one NSG for one direction, compiled for one VNet (the VirtualNetwork and Internet
 * tags depend on it): bit-vector classification. Rules are sorted by priority, so bit i is the
 * i-th rule to try; the first matching rule is the lowest bit set in the AND of the five rows
 * (protocol, source address, source port, destination address, destination port).
 */
final class RuleTable {

    private static final int PROTOCOL_CLASSES = 6;

    private final SecurityRule[] rules;
    private final int words;
    private final long[] protocolBits;
    private final AddressIndex srcAddress;
    private final AddressIndex dstAddress;
    private final PortIndex srcPort;
    private final PortIndex dstPort;

    /** Addresses a rule's entries and ASGs stand for, in the VNet this table is compiled for. */
    interface AddressResolver {
        List<AddressRange> resolve(List<String> entries, List<String> asgIds);
    }

    RuleTable(List<SecurityRule> directionRules, AddressResolver resolver) {
        List<SecurityRule> sorted = new ArrayList<>(directionRules);
        sorted.sort(Comparator.comparingInt(SecurityRule::priority));
        rules = sorted.toArray(new SecurityRule[0]);
        words = Math.max(1, (rules.length + 63) >>> 6);
        protocolBits = new long[PROTOCOL_CLASSES * words];
        List<List<AddressRange>> src = new ArrayList<>();
        List<List<AddressRange>> dst = new ArrayList<>();
        List<List<PortRange>> sp = new ArrayList<>();
        List<List<PortRange>> dp = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            SecurityRule r = rules[i];
            int p = Protocol.parseRule(r.protocol());
            for (int c = 0; c < PROTOCOL_CLASSES; c++) {
                if (p == Protocol.ANY || protocolClass(p) == c) {
                    protocolBits[c * words + (i >>> 6)] |= 1L << (i & 63);
                }
            }
            src.add(resolver.resolve(r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups()));
            dst.add(resolver.resolve(r.destinationAddressPrefixes(), r.destinationApplicationSecurityGroups()));
            sp.add(PortRange.parseAll(r.sourcePortRanges()));
            dp.add(PortRange.parseAll(r.destinationPortRanges()));
        }
        srcAddress = AddressIndex.build(src, words);
        dstAddress = AddressIndex.build(dst, words);
        srcPort = PortIndex.build(sp, words);
        dstPort = PortIndex.build(dp, words);
    }

    static int protocolClass(int protocol) {
        return switch (protocol) {
            case Protocol.TCP -> 0;
            case Protocol.UDP -> 1;
            case Protocol.ICMP, Protocol.ICMPV6 -> 2;
            case Protocol.ESP -> 3;
            case Protocol.AH -> 4;
            default -> 5;
        };
    }

    SecurityRule rule(int index) {
        return rules[index];
    }

    int size() {
        return rules.length;
    }

    /** Offset of the address's row in the source (outbound) or destination (inbound) dimension: the NIC's side. */
    int localRow(Direction d, IpAddress local) {
        return (d == Direction.INBOUND ? dstAddress : srcAddress).row(local.hi(), local.lo());
    }

    int srcRow(IpAddress a) {
        return srcAddress.row(a.hi(), a.lo());
    }

    int dstRow(IpAddress a) {
        return dstAddress.row(a.hi(), a.lo());
    }

    /**
     * Index of the first matching rule in priority order, given the address rows, or -1
     * (impossible with the default rules present).
     */
    int match(int protocolClass, int srcAddressRow, int srcPortValue, int dstAddressRow, int dstPortValue) {
        int pr = protocolClass * words;
        int spr = srcPort.row(srcPortValue);
        int dpr = dstPort.row(dstPortValue);
        long[] sab = srcAddress.bits;
        long[] dab = dstAddress.bits;
        long[] spb = srcPort.bits;
        long[] dpb = dstPort.bits;
        for (int w = 0; w < words; w++) {
            long m = protocolBits[pr + w] & sab[srcAddressRow + w] & dab[dstAddressRow + w] & spb[spr + w] & dpb[dpr + w];
            if (m != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(m);
            }
        }
        return -1;
    }

    /** For diagnostics: elementary intervals of both address dimensions. */
    int addressIntervals() {
        return srcAddress.intervals() + dstAddress.intervals();
    }

    static Map<Direction, List<SecurityRule>> byDirection(NetworkSecurityGroup nsg) {
        List<SecurityRule> in = new ArrayList<>();
        List<SecurityRule> out = new ArrayList<>();
        for (List<SecurityRule> list : List.of(nsg.securityRules(), nsg.defaultSecurityRules())) {
            for (SecurityRule r : list) {
                (r.direction() == Direction.INBOUND ? in : out).add(r);
            }
        }
        return Map.of(Direction.INBOUND, in, Direction.OUTBOUND, out);
    }
}
