package io.nsgflow.policy.synthetic;

import io.nsgflow.policy.Direction;
import io.nsgflow.policy.IpAddress;

/** A generated flow at a NIC, as the evaluators take it. */
public record SyntheticFlow(String nicId, Direction direction, int protocol, IpAddress src, int srcPort,
        IpAddress dst, int dstPort) {}
