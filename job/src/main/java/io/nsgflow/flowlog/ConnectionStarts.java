package io.nsgflow.flowlog;

/**
 * Which tuples start a connection. Azure's NSGs are stateful: only a connection's first packet is
 * judged by the rules, so only its first tuple is judged, counted as a new connection, or taken as
 * an attempt. NSG v2 and VNet v4 write state B (VNet D, denied, is decoded as BEGIN); NSG v1
 * tuples have no state and each one stands for its connection.
 */
public final class ConnectionStarts {

    private ConnectionStarts() {}

    public static boolean begins(FlowRecord f) {
        return f.getFlowState() == null || f.getFlowState() == FlowState.BEGIN;
    }
}
