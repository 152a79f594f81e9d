package io.nsgflow.policy;

import java.util.List;
import java.util.Objects;

/**
 * The answer for one flow: access, the verdict that writes the flow-log line ({@code deciding}: the
 * first NSG that denies, else the last that allows; null when no NSG applies, the platform allowed
 * it, or an AVNM security admin rule decided it), the trace of every NSG evaluated, in order, and
 * the AVNM security admin rule that matched before the NSGs ({@link #admin()}; null when none did).
 * An admin rule that denies or always allows decides alone (no NSG in the trace); one that allows
 * leaves the decision to the NSGs.
 *
 * <p>A value class rather than a record so that the most common answer of the hot path, two NSGs
 * of which the second decides, carries the first verdict in a field and builds its trace list
 * only when asked: evaluating a flow then allocates one small object instead of two.
 */
public final class PolicyVerdict {

    public static final PolicyVerdict NO_NSG = new PolicyVerdict(Access.ALLOW, null, List.of(), false);
    public static final PolicyVerdict PLATFORM = new PolicyVerdict(Access.ALLOW, null, List.of(), true);

    private final Access access;
    private final NsgVerdict deciding;
    /** The trace; null when it is {@code [passed, deciding]}. */
    private final List<NsgVerdict> trace;
    /** The first of two NSGs, which allowed; null when {@link #trace} is set. */
    private final NsgVerdict passed;
    private final boolean byPlatform;
    private final AdminVerdict admin;

    public PolicyVerdict(Access access, NsgVerdict deciding, List<NsgVerdict> trace, boolean byPlatform) {
        this(access, deciding, Objects.requireNonNull(trace, "trace"), null, byPlatform, null);
    }

    /** With the AVNM security admin rule that matched before the NSGs (may be null). */
    public PolicyVerdict(Access access, NsgVerdict deciding, List<NsgVerdict> trace, boolean byPlatform, AdminVerdict admin) {
        this(access, deciding, Objects.requireNonNull(trace, "trace"), null, byPlatform, admin);
    }

    private PolicyVerdict(Access access, NsgVerdict deciding, List<NsgVerdict> trace, NsgVerdict passed, boolean byPlatform,
            AdminVerdict admin) {
        this.access = access;
        this.deciding = deciding;
        this.trace = trace;
        this.passed = passed;
        this.byPlatform = byPlatform;
        this.admin = admin;
    }

    /** Two NSGs evaluated: the first ({@code passed}) allowed, the second decides with {@code access}. */
    static PolicyVerdict afterPassing(NsgVerdict passed, Access access, NsgVerdict deciding) {
        return new PolicyVerdict(access, deciding, null, passed, false, null);
    }

    /** An admin rule that denies or always allows decided: no NSG was evaluated. */
    public static PolicyVerdict byAdmin(AdminVerdict admin) {
        if (!admin.decides()) {
            throw new IllegalArgumentException("admin rule " + admin.ruleName() + " allows: the NSGs decide");
        }
        return new PolicyVerdict(admin.action().access(), null, List.of(), null, false, admin);
    }

    /** This NSG answer after an admin rule with action Allow matched. */
    public PolicyVerdict afterAdminAllow(AdminVerdict allowing) {
        return new PolicyVerdict(access, deciding, trace, passed, byPlatform, allowing);
    }

    /** The AVNM security admin rule that matched before the NSGs, or null. */
    public AdminVerdict admin() {
        return admin;
    }

    /** Whether an admin rule (Deny, AlwaysAllow) decided alone, without the NSGs. */
    public boolean decidedByAdmin() {
        return admin != null && admin.decides() && deciding == null;
    }

    public Access access() {
        return access;
    }

    public NsgVerdict deciding() {
        return deciding;
    }

    public List<NsgVerdict> trace() {
        return trace != null ? trace : List.of(passed, deciding);
    }

    public boolean byPlatform() {
        return byPlatform;
    }

    /**
     * {@code securityRules/<name>} / {@code defaultSecurityRules/<name>}, or the admin rule's
     * {@code securityAdminConfigurations/<c>/ruleCollections/<rc>/rules/<name>} when it decided; or null.
     */
    public String ruleName() {
        if (deciding == null) {
            return decidedByAdmin() ? admin.ruleName() : null;
        }
        return deciding.ruleName();
    }

    public String nsgName() {
        return deciding == null ? null : deciding.nsgName();
    }

    public String nsgId() {
        return deciding == null ? null : deciding.nsgId();
    }

    /** Combines the verdicts of the NSGs a flow passes, in order (used for both views). */
    static PolicyVerdict of(List<NsgVerdict> trace) {
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
        return new PolicyVerdict(deciding.access(), deciding, trace, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyVerdict d && access == d.access && byPlatform == d.byPlatform
                && Objects.equals(deciding, d.deciding) && trace().equals(d.trace()) && Objects.equals(admin, d.admin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(access, deciding, trace(), byPlatform, admin);
    }

    @Override
    public String toString() {
        return "PolicyVerdict[access=" + access + ", deciding=" + deciding + ", trace=" + trace() + ", byPlatform=" + byPlatform
                + (admin == null ? "" : ", admin=" + admin.ruleName() + " " + admin.action().azureName()) + "]";
    }
}
