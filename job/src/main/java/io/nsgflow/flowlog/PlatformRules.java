package io.nsgflow.flowlog;

/**
 * VNet flow-log groups of traffic the Azure platform handles itself (DNS, DHCP, IMDS, health
 * probes, licensing at 168.63.129.16 and 169.254.169.254): rule {@code PlatformRule}, aclID
 * {@code 00000000-0000-0000-0000-000000000000}. No NSG decided them, so they are not judged
 * against one; aggregates count them as platform traffic.
 */
public final class PlatformRules {

    /** The rule name Azure writes for them. */
    public static final String RULE = "PlatformRule";
    /** The aclID Azure writes for them. */
    public static final String ACL_ID = "00000000-0000-0000-0000-000000000000";

    private PlatformRules() {}

    /** Whether the platform, not an NSG, decided the tuple (either mark suffices). */
    public static boolean decided(FlowRecord f) {
        return RULE.equalsIgnoreCase(f.getRule()) || ACL_ID.equals(f.getAclId());
    }
}
