package io.nsgflow.synthetic;

/**
 * A connection begun (and allowed) before the policy change that the new policy would deny: its
 * continuation and end tuples after the change belong to the old decision and are no drift.
 *
 * @param tuplesAfterChange C/E tuples (per logging NSG) with a time at or after the change, within the run
 */
public record CarriedConnection(long beganAt, long endsAt, String srcIp, int srcPort, String dstIp, int dstPort,
        String protocol, int tuplesAfterChange) {}
