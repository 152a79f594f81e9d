package io.nsgflow.policy;

import java.util.Locale;

/** Rule names as flow logs write them: {@code UserRule_<name>}, {@code DefaultRule_<name>}, or bare. */
public final class LoggedRuleName {

    private LoggedRuleName() {}

    /** The bare rule name: without UserRule_/DefaultRule_ or securityRules/ defaultSecurityRules/ prefixes. */
    public static String bare(String logged) {
        if (logged == null) {
            return null;
        }
        String s = logged.trim();
        String l = s.toLowerCase(Locale.ROOT);
        for (String p : new String[] {"userrule_", "defaultrule_", "securityrules/", "defaultsecurityrules/"}) {
            if (l.startsWith(p)) {
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
        return rule.name().equalsIgnoreCase(logged.trim()) || rule.name().equalsIgnoreCase(bare(logged));
    }

    /** Whether the NSG has a rule (own or default) that the logged name denotes. */
    public static boolean existsIn(NetworkSecurityGroup nsg, String logged) {
        for (SecurityRule r : nsg.securityRules()) {
            if (matches(r, logged)) {
                return true;
            }
        }
        for (SecurityRule r : nsg.defaultSecurityRules()) {
            if (matches(r, logged)) {
                return true;
            }
        }
        return false;
    }
}
