package io.nsgflow.flowlog;

/** NSG rule group or VNet ACL flow: what its flow groups inherit. */
final class TupleGroupParent {
    String rule;
    String aclId;
}
