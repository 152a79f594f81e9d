package io.nsgflow.policy;

import io.nsgflow.net.Direction;
/** One NSG compiled for one VNet: a rule table per direction. */
final class CompiledNsg {

    final NetworkSecurityGroup nsg;
    final RuleTable inbound;
    final RuleTable outbound;

    CompiledNsg(NetworkSecurityGroup nsg, RuleTable.AddressResolver resolver) {
        this.nsg = nsg;
        inbound = new RuleTable(nsg, Direction.INBOUND, resolver);
        outbound = new RuleTable(nsg, Direction.OUTBOUND, resolver);
    }

    RuleTable table(Direction d) {
        return d == Direction.INBOUND ? inbound : outbound;
    }
}
