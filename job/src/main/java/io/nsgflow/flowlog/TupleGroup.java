package io.nsgflow.flowlog;

import java.util.ArrayList;
import java.util.List;

/** A list of tuples with the context they were found in (label: NSG the group's mac, VNet the rule). */
final class TupleGroup {
    final TupleGroupParent parent;
    final boolean vnet;
    final String path;
    final List<String> tuples = new ArrayList<>();
    String label;

    TupleGroup(TupleGroupParent parent, boolean vnet, String path) {
        this.parent = parent;
        this.vnet = vnet;
        this.path = path;
    }
}
