package io.nsgflow.policy;

/** Rule names as flow logs write them: {@code UserRule_<name>}, {@code DefaultRule_<name>}, or bare. */
public final class LoggedRuleName {

    private static final String[] PREFIXES = {"UserRule_", "DefaultRule_", "securityRules/", "defaultSecurityRules/"};

    private LoggedRuleName() {}

    /** The bare rule name: without UserRule_/DefaultRule_ or securityRules/ defaultSecurityRules/ prefixes. */
    public static String bare(String logged) {
        if (logged == null) {
            return null;
        }
        String s = logged.trim();
        for (String p : PREFIXES) {
            // compared in place, any case: this runs for every judged flow
            if (s.regionMatches(true, 0, p, 0, p.length())) {
                return s.substring(p.length());
            }
        }
        return s;
    }

    /** Whether a logged rule name denotes this rule (case-insensitive, with or without prefix). */
    public static boolean matches(SecurityRule rule, String logged) {
        if (rule == null || logged == null) {
            return false;
        }
        String s = logged.trim();
        return matches(rule, s, bare(s));
    }

    /** Whether the NSG has a rule (own or default) that the logged name denotes. */
    public static boolean existsIn(NetworkSecurityGroup nsg, String logged) {
        if (logged == null) {
            return false;
        }
        String s = logged.trim();
        String bare = bare(s);
        for (SecurityRule r : nsg.securityRules()) {
            if (matches(r, s, bare)) {
                return true;
            }
        }
        for (SecurityRule r : nsg.defaultSecurityRules()) {
            if (matches(r, s, bare)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(SecurityRule rule, String trimmed, String bare) {
        return rule.name().equalsIgnoreCase(trimmed) || rule.name().equalsIgnoreCase(bare);
    }
}
