package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of one NSG for one direction, compiled for one VNet (the VirtualNetwork and Internet
 * tags depend on it): bit-vector classification. Rules are sorted by priority, so bit i is the
 * i-th rule to try; the first matching rule is the lowest bit set in the AND of the five rows
 * (protocol, source address, source port, destination address, destination port). Every row
 * lives in one long array and every IPv4 and port search is an {@link IntervalTree}, so a match
 * touches few cache lines. The verdicts and single-NSG decisions of each rule are made here ahead
 * of time, so the hot path allocates nothing for them.
 */
final class RuleTable {

    private static final int PROTOCOL_CLASSES = 6;

    private final SecurityRule[] rules;
    private final int words;
    /** [deny mask | protocol rows | address and port rows]. */
    private final long[] bits;
    private final int protocolOffset;
    private final AddressIndex srcAddress;
    private final AddressIndex dstAddress;
    /**
     * The four interval trees in one array (one object to reach, and the start of each shares a
     * cache line with the end of another): source IPv4 at 0, destination IPv4, source port and
     * destination port at their bases.
     */
    private final int[] trees;
    private final int dstV4Base;
    private final int srcPortBase;
    private final int dstPortBase;
    /** The port rows of flows without ports (ICMP, ESP, AH...), known ahead. */
    private final int srcNoPortRow;
    private final int dstNoPortRow;
    private final NsgVerdict[] verdictsAtSubnet;
    private final NsgVerdict[] verdictsAtNic;
    private final PolicyVerdict[] aloneAtSubnet;
    private final PolicyVerdict[] aloneAtNic;

    /** Addresses a rule's entries and ASGs stand for, in the VNet this table is compiled for. */
    interface AddressResolver {
        List<AddressRange> resolve(List<String> entries, List<String> asgIds);
    }

    RuleTable(NetworkSecurityGroup nsg, Direction direction, AddressResolver resolver) {
        this(sorted(List.of(nsg.securityRules(), nsg.defaultSecurityRules()), direction), resolver, nsg);
    }

    /**
     * A table of match conditions only (AVNM security admin rules, as {@link SecurityRule}s of one
     * direction in evaluation order): {@link #match} gives the first matching index, -1 when none.
     */
    RuleTable(List<SecurityRule> inOrder, AddressResolver resolver) {
        this(inOrder, resolver, null);
    }

    /** The rules of one direction, sorted by priority (stable: equal priorities keep their order). */
    private static List<SecurityRule> sorted(List<List<SecurityRule>> lists, Direction direction) {
        List<SecurityRule> sorted = new ArrayList<>();
        for (List<SecurityRule> list : lists) {
            for (SecurityRule r : list) {
                if (r.direction() == direction) {
                    sorted.add(r);
                }
            }
        }
        sorted.sort(Comparator.comparingInt(SecurityRule::priority));
        return sorted;
    }

    private RuleTable(List<SecurityRule> sorted, AddressResolver resolver, NetworkSecurityGroup nsg) {
        rules = sorted.toArray(new SecurityRule[0]);
        words = Math.max(1, (rules.length + 63) >>> 6);
        BitRows rows = new BitRows(words);
        int denyOffset = rows.reserve(words);
        protocolOffset = rows.reserve(PROTOCOL_CLASSES * words);
        List<List<AddressRange>> src = new ArrayList<>();
        List<List<AddressRange>> dst = new ArrayList<>();
        List<List<PortRange>> sp = new ArrayList<>();
        List<List<PortRange>> dp = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            SecurityRule r = rules[i];
            if (r.access() == Access.DENY) {
                rows.set(denyOffset, i);
            }
            int p = Protocol.parseRule(r.protocol());
            for (int c = 0; c < PROTOCOL_CLASSES; c++) {
                if (p == Protocol.ANY || protocolClass(p) == c) {
                    rows.set(protocolOffset + c * words, i);
                }
            }
            src.add(resolver.resolve(r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups()));
            dst.add(resolver.resolve(r.destinationAddressPrefixes(), r.destinationApplicationSecurityGroups()));
            sp.add(PortRange.parseAll(r.sourcePortRanges()));
            dp.add(PortRange.parseAll(r.destinationPortRanges()));
        }
        srcAddress = AddressIndex.build(src, rows);
        dstAddress = AddressIndex.build(dst, rows);
        int[] srcPorts = PortIndex.build(sp, rows);
        int[] dstPorts = PortIndex.build(dp, rows);
        bits = rows.toArray();
        dstV4Base = srcAddress.v4Tree.length;
        srcPortBase = dstV4Base + dstAddress.v4Tree.length;
        dstPortBase = srcPortBase + srcPorts.length;
        trees = new int[dstPortBase + dstPorts.length];
        System.arraycopy(srcAddress.v4Tree, 0, trees, 0, dstV4Base);
        System.arraycopy(dstAddress.v4Tree, 0, trees, dstV4Base, dstAddress.v4Tree.length);
        System.arraycopy(srcPorts, 0, trees, srcPortBase, srcPorts.length);
        System.arraycopy(dstPorts, 0, trees, dstPortBase, dstPorts.length);
        srcNoPortRow = IntervalTree.find(trees, srcPortBase, PortRange.NO_PORT);
        dstNoPortRow = IntervalTree.find(trees, dstPortBase, PortRange.NO_PORT);

        int verdicts = nsg == null ? 0 : rules.length;
        verdictsAtSubnet = new NsgVerdict[verdicts];
        verdictsAtNic = new NsgVerdict[verdicts];
        aloneAtSubnet = new PolicyVerdict[verdicts];
        aloneAtNic = new PolicyVerdict[verdicts];
        for (int i = 0; i < verdicts; i++) {
            verdictsAtSubnet[i] = new NsgVerdict(nsg.id(), nsg.name(), nsg.resourceGuid(), AppliedAt.SUBNET, rules[i]);
            verdictsAtNic[i] = new NsgVerdict(nsg.id(), nsg.name(), nsg.resourceGuid(), AppliedAt.NIC, rules[i]);
            aloneAtSubnet[i] = new PolicyVerdict(rules[i].access(), verdictsAtSubnet[i], List.of(verdictsAtSubnet[i]), false);
            aloneAtNic[i] = new PolicyVerdict(rules[i].access(), verdictsAtNic[i], List.of(verdictsAtNic[i]), false);
        }
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

    /** Offset of the address's row in the source dimension. */
    int sourceRow(long hi, long lo) {
        return AddressIndex.isIpv4(hi, lo) ? IntervalTree.find(trees, 0, AddressIndex.v4Key(lo)) : srcAddress.v6Row(hi, lo);
    }

    /** Offset of the address's row in the destination dimension. */
    int destinationRow(long hi, long lo) {
        return AddressIndex.isIpv4(hi, lo) ? IntervalTree.find(trees, dstV4Base, AddressIndex.v4Key(lo)) : dstAddress.v6Row(hi, lo);
    }

    /**
     * Index of the first matching rule in priority order, given the address rows, or -1
     * (impossible with the default rules present).
     */
    int match(int protocolClass, int srcAddressRow, int srcPort, int dstAddressRow, int dstPort) {
        long[] b = bits;
        int pr = protocolOffset + protocolClass * words;
        int spr = srcPort == PortRange.NO_PORT ? srcNoPortRow : IntervalTree.find(trees, srcPortBase, srcPort);
        int dpr = dstPort == PortRange.NO_PORT ? dstNoPortRow : IntervalTree.find(trees, dstPortBase, dstPort);
        for (int w = 0; w < words; w++) {
            long m = b[pr + w] & b[srcAddressRow + w] & b[dstAddressRow + w] & b[spr + w] & b[dpr + w];
            if (m != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(m);
            }
        }
        return -1;
    }

    /** Whether rule {@code index} denies (the deny mask is the first row). */
    boolean denies(int index) {
        return (bits[index >>> 6] >>> (index & 63) & 1L) != 0;
    }

    NsgVerdict verdict(AppliedAt at, int index) {
        return (at == AppliedAt.NIC ? verdictsAtNic : verdictsAtSubnet)[index];
    }

    /** The decision when this NSG is the only one evaluated, or the first and it denies. */
    PolicyVerdict alone(AppliedAt at, int index) {
        return (at == AppliedAt.NIC ? aloneAtNic : aloneAtSubnet)[index];
    }
}
