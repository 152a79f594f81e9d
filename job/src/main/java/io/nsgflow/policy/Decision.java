package io.nsgflow.policy;

import java.util.List;

/**
 * The answer for one flow: access, the verdict that writes the flow-log line ({@code deciding}: the
 * first NSG that denies, else the last that allows; null when no NSG applies or the platform
 * allowed it), and the trace of every NSG evaluated, in order.
 */
public record Decision(Access access, NsgVerdict deciding, List<NsgVerdict> trace, boolean byPlatform) {

    public static final Decision NO_NSG = new Decision(Access.ALLOW, null, List.of(), false);
    public static final Decision PLATFORM = new Decision(Access.ALLOW, null, List.of(), true);

    /** {@code securityRules/<name>} / {@code defaultSecurityRules/<name>}, or null. */
    public String ruleName() {
        return deciding == null ? null : deciding.ruleName();
    }

    public String nsgName() {
        return deciding == null ? null : deciding.nsgName();
    }

    public String nsgId() {
        return deciding == null ? null : deciding.nsgId();
    }

    /** Combines the verdicts of the NSGs a flow passes, in order (used for both views). */
    static Decision of(List<NsgVerdict> trace) {
        if (trace.isEmpty()) {
            return NO_NSG;
        }
        NsgVerdict deciding = null;
        for (NsgVerdict v : trace) {
            deciding = v;
            if (v.access() == Access.DENY) {
                break;
            }
        }
        return new Decision(deciding.access(), deciding, trace, false);
    }
}
