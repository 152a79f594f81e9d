package io.nsgflow.synthetic;

import io.nsgflow.drift.DriftType;

/**
 * A flow-log line planted so that it is drift of exactly one type: what the judge must find.
 *
 * @param eventTime epoch ms as the decoder reads the tuple (seconds for NSG v2, ms for VNet v4)
 * @param protocol  as FlowRecord writes it: TCP, UDP
 * @param direction INBOUND or OUTBOUND
 * @param nsgName   the NSG that logged the line
 * @param rule      the rule name as logged
 * @param logFormat NSG_V2 or VNET_V4
 * @param why       what the policy says instead
 */
public record PlantedFinding(DriftType type, long eventTime, String srcIp, int srcPort, String dstIp, int dstPort,
        String protocol, String direction, String mac, String nsgName, String rule, String logFormat, String why) {}
