package io.nsgflow.policy;

import java.util.List;
import java.util.Map;

/**
 * One NSG compiled for one VNet: a rule table per direction, and the verdict and single-NSG
 * decision objects for each rule made ahead of time so the hot path allocates nothing for them.
 */
final class CompiledNsg {

    final NetworkSecurityGroup nsg;
    private final RuleTable inbound;
    private final RuleTable outbound;
    /** [direction][appliedAt][rule] */
    private final NsgVerdict[][][] verdicts = new NsgVerdict[2][2][];
    private final Decision[][][] alone = new Decision[2][2][];

    CompiledNsg(NetworkSecurityGroup nsg, RuleTable.AddressResolver resolver) {
        this.nsg = nsg;
        Map<Direction, List<SecurityRule>> byDirection = RuleTable.byDirection(nsg);
        inbound = new RuleTable(byDirection.get(Direction.INBOUND), resolver);
        outbound = new RuleTable(byDirection.get(Direction.OUTBOUND), resolver);
        for (Direction d : Direction.values()) {
            RuleTable t = table(d);
            for (AppliedAt at : AppliedAt.values()) {
                NsgVerdict[] v = new NsgVerdict[t.size()];
                Decision[] a = new Decision[t.size()];
                for (int i = 0; i < t.size(); i++) {
                    v[i] = new NsgVerdict(nsg.id(), nsg.name(), nsg.resourceGuid(), at, t.rule(i));
                    a[i] = new Decision(v[i].access(), v[i], List.of(v[i]), false);
                }
                verdicts[d.ordinal()][at.ordinal()] = v;
                alone[d.ordinal()][at.ordinal()] = a;
            }
        }
    }

    private RuleTable table(Direction d) {
        return d == Direction.INBOUND ? inbound : outbound;
    }

    /** See {@link RuleTable#localRow}. */
    int localRow(Direction d, IpAddress local) {
        return table(d).localRow(d, local);
    }

    /**
     * The first matching rule; {@code localRow} is the NIC side's row when known
     * ({@link #localRow}), else -1.
     */
    int match(Direction d, int protocolClass, IpAddress src, int srcPort, IpAddress dst, int dstPort, int localRow) {
        RuleTable t = table(d);
        boolean inbound = d == Direction.INBOUND;
        int srcRow = !inbound && localRow >= 0 ? localRow : t.srcRow(src);
        int dstRow = inbound && localRow >= 0 ? localRow : t.dstRow(dst);
        return t.match(protocolClass, srcRow, srcPort, dstRow, dstPort);
    }

    NsgVerdict verdict(Direction d, AppliedAt at, int rule) {
        return verdicts[d.ordinal()][at.ordinal()][rule];
    }

    Decision alone(Direction d, AppliedAt at, int rule) {
        return alone[d.ordinal()][at.ordinal()][rule];
    }
}
