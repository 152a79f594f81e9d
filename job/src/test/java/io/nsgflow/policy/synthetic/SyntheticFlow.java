package io.nsgflow.policy.synthetic;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;

/** A generated flow at a NIC, as the evaluators take it. */
public record SyntheticFlow(String nicId, Direction direction, int protocol, IpAddress src, int srcPort,
        IpAddress dst, int dstPort) {}
