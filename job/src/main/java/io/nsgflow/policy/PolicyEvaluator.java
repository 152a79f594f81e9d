package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers what Azure decides for a flow. Two implementations: {@link CompiledPolicy} (fast) and
 * {@link LinearScanEvaluator} (the reference oracle). Addresses are {@link IpAddress}, protocols
 * IANA numbers ({@link Protocol#parseFlow}); ports of protocols without ports are ignored.
 * The flow is given as the packet of the connection's first direction: for an inbound flow the
 * NIC's address is the destination, for an outbound flow the source.
 */
public interface PolicyEvaluator {

    PolicySnapshot snapshot();

    /** ARM id of the NIC that has this private IP (the first in snapshot order), or null. */
    String nicIdByIp(IpAddress ip);

    /**
     * The decision at one NIC. Inbound: subnet NSG then NIC NSG; outbound: NIC NSG then subnet NSG.
     * Throws {@link IllegalArgumentException} for an unknown NIC id.
     */
    PolicyVerdict evaluate(String nicId, Direction direction, int protocol, IpAddress src, int srcPort, IpAddress dst, int dstPort);

    /**
     * A connection between two addresses: outbound at the source's NIC, then inbound at the
     * destination's NIC (each step skipped when that address is no NIC of the policy). With AVNM
     * admin rules, the overall answer is the inbound step's with both steps' NSG traces, and the
     * inbound step's admin rule, else the outbound step's. Throws
     * {@link IllegalArgumentException} when neither address belongs to a NIC.
     */
    default PathDecision evaluateBetween(int protocol, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        String srcNic = nicIdByIp(src);
        String dstNic = nicIdByIp(dst);
        if (srcNic == null && dstNic == null) {
            throw new IllegalArgumentException("neither " + src + " nor " + dst + " is the address of a NIC in the policy");
        }
        PolicyVerdict out = srcNic == null ? null : evaluate(srcNic, Direction.OUTBOUND, protocol, src, srcPort, dst, dstPort);
        if (out != null && out.access() == Access.DENY) {
            return new PathDecision(srcNic, out, dstNic, null, out);
        }
        PolicyVerdict in = dstNic == null ? null : evaluate(dstNic, Direction.INBOUND, protocol, src, srcPort, dst, dstPort);
        PolicyVerdict overall;
        if (out == null) {
            overall = in;
        } else if (in == null) {
            overall = out;
        } else if (out.admin() != null || in.admin() != null) {
            // the out step allowed; the in step decides, its admin rule (else the out step's) is shown
            List<NsgVerdict> trace = new ArrayList<>(out.trace());
            trace.addAll(in.trace());
            NsgVerdict deciding = in.access() == Access.DENY || trace.isEmpty() ? in.deciding() : trace.get(trace.size() - 1);
            overall = new PolicyVerdict(in.access(), deciding, List.copyOf(trace), false,
                    in.admin() != null ? in.admin() : out.admin());
        } else {
            List<NsgVerdict> trace = new ArrayList<>(out.trace());
            trace.addAll(in.trace());
            overall = trace.isEmpty() ? (out.byPlatform() || in.byPlatform() ? PolicyVerdict.PLATFORM : PolicyVerdict.NO_NSG)
                    : PolicyVerdict.of(List.copyOf(trace));
        }
        return new PathDecision(srcNic, out, dstNic, in, overall);
    }

    /** Both steps of a connection inside the network; a step is null when it did not apply. */
    record PathDecision(String sourceNicId, PolicyVerdict outbound, String destinationNicId, PolicyVerdict inbound, PolicyVerdict overall) {}
}
