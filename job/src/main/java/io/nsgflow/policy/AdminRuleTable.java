package io.nsgflow.policy;

import io.nsgflow.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The AVNM security admin rules in force at the NICs of one VNet for one direction (the rules of
 * every rule collection applying to a network group the VNet is a static member of), compiled into
 * a {@link RuleTable} in evaluation order: priority, then configuration, collection and rule order.
 * The decisions of rules that deny or always allow are made ahead, so such a flow allocates nothing.
 */
final class AdminRuleTable {

    private final RuleTable table;
    private final AdminVerdict[] verdicts;
    /** [rule]: the whole answer when the rule decides (Deny, AlwaysAllow); null when it allows. */
    private final PolicyVerdict[] decided;

    /** {@code inOrder}: the admin rules of one direction, already in evaluation order. */
    AdminRuleTable(List<AdminVerdict> inOrder, PolicySnapshot snapshot, RuleTable.AddressResolver resolver) {
        List<SecurityRule> conditions = new ArrayList<>(inOrder.size());
        for (AdminVerdict v : inOrder) {
            conditions.add(v.rule().conditions(snapshot));
        }
        table = new RuleTable(conditions, resolver);
        verdicts = inOrder.toArray(new AdminVerdict[0]);
        decided = new PolicyVerdict[verdicts.length];
        for (int i = 0; i < verdicts.length; i++) {
            decided[i] = verdicts[i].decides() ? PolicyVerdict.byAdmin(verdicts[i]) : null;
        }
    }

    /** Index of the first admin rule matching the flow, or -1 (then the NSGs decide as without AVNM). */
    int match(int protocolClass, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        return table.match(protocolClass, table.sourceRow(src.hi(), src.lo()), srcPort,
                table.destinationRow(dst.hi(), dst.lo()), dstPort);
    }

    AdminVerdict verdict(int index) {
        return verdicts[index];
    }

    /** The answer when rule {@code index} decides alone, or null when it allows (the NSGs decide). */
    PolicyVerdict decided(int index) {
        return decided[index];
    }
}
