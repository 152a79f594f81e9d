package io.nsgflow.flowlog;

/** NSG rule group or VNet ACL flow: what its flow groups inherit (label: NSG the rule, VNet the aclID). */
final class TupleGroupParent {
    String label;
}
