package io.nsgflow.synthetic;

import io.nsgflow.synthetic.EnterpriseScenario.Host;

/**
 * One flow tuple as one NSG logs it for one NIC.
 *
 * @param nsgId       the logging NSG's ARM id
 * @param nsgGuid     its resourceGuid (VNet flow logs' aclID)
 * @param rule        the rule name as written in the log
 * @param time        epoch ms
 * @param protocol    IANA number (6 TCP, 17 UDP)
 * @param state       B, C or E
 * @param counters    packets and bytes each way (C/E), null on B
 */
record LogLine(Host host, String nsgId, String nsgName, String nsgGuid, String rule, long time, String srcIp,
        String dstIp, int srcPort, int dstPort, int protocol, boolean inbound, boolean allowed, char state,
        long[] counters) {

    /** NSG flow log v2 tuple: seconds, T/U, A/D, empty counters on B. */
    String nsgV2Tuple() {
        StringBuilder b = new StringBuilder(80);
        b.append(time / 1000).append(',').append(srcIp).append(',').append(dstIp).append(',').append(srcPort).append(',')
                .append(dstPort).append(',').append(protocol == 17 ? 'U' : 'T').append(',').append(inbound ? 'I' : 'O')
                .append(',').append(allowed ? 'A' : 'D').append(',').append(state).append(',');
        if (counters == null) {
            b.append(",,,");
        } else {
            b.append(counters[0]).append(',').append(counters[1]).append(',').append(counters[2]).append(',').append(counters[3]);
        }
        return b.toString();
    }

    /** VNet flow log v4 tuple: milliseconds, IANA protocol, state D for denied, zero counters on B and D. */
    String vnetV4Tuple() {
        StringBuilder b = new StringBuilder(80);
        b.append(time).append(',').append(srcIp).append(',').append(dstIp).append(',').append(srcPort).append(',')
                .append(dstPort).append(',').append(protocol).append(',').append(inbound ? 'I' : 'O').append(',')
                .append(allowed ? state : 'D').append(",NX,");
        if (counters == null) {
            b.append("0,0,0,0");
        } else {
            b.append(counters[0]).append(',').append(counters[1]).append(',').append(counters[2]).append(',').append(counters[3]);
        }
        return b.toString();
    }
}
