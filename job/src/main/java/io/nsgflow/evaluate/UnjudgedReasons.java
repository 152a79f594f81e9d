package io.nsgflow.evaluate;

import java.util.List;

/**
 * Why connection starts were not judged, in a few kinds, for summaries: each reason a flow
 * carries ({@link EvaluatedFlow#getUnjudgedReason()}) names its own flow's particulars (a time, an
 * address, an NSG id); its kind says what to do about it.
 */
public final class UnjudgedReasons {

    /** A kind of reason: how its reasons begin, and what it means for the user. */
    public record Kind(String prefix, String explanation) {}

    /** In the order a summary lists them. */
    public static final List<Kind> KINDS = List.of(
            new Kind("no policy in force at ", "no policy version was in force at the flow's time (before the first"
                    + " snapshot's effectiveFrom, or none arrived within policy.wait.max-time)"),
            new Kind("older than the allowed lateness", "older than policy.allowed-lateness: its policy version was"
                    + " pruned"),
            new Kind("policy ", "the policy version in force is unusable"),
            new Kind("no rule decided", "no rule decided: dropped for encryption"),
            new Kind("flow has no usable address", "the flow has no usable address"),
            new Kind(FlowEvaluator.PLATFORM_REASON, "decided by the Azure platform (PlatformRule), not by an NSG"),
            new Kind("no NIC of policy ", "no NIC of the policy has the flow's MAC or local address: the NIC is"
                    + " missing from the snapshot"),
            new Kind("the flow log names no NSG", "the flow log names no NSG"),
            new Kind("the flow log's NSG ", "the NSG that logged it is not in the policy (by resource id or"
                    + " resourceGuid): the NSG is missing from the snapshot"));

    /** What a reason that matches no kind is counted as. */
    public static final String OTHER = "other reasons";

    private UnjudgedReasons() {}

    /** The explanation of the reason's kind; {@link #OTHER} when it has none. */
    public static String kindOf(String reason) {
        for (Kind k : KINDS) {
            if (reason.startsWith(k.prefix())) {
                return k.explanation();
            }
        }
        return OTHER;
    }
}
