package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The six default rules every NSG has. */
public final class DefaultRules {

    public static final List<SecurityRule> ALL = List.of(
            rule("AllowVnetInBound", 65000, Direction.INBOUND, Access.ALLOW, "VirtualNetwork", "VirtualNetwork"),
            rule("AllowAzureLoadBalancerInBound", 65001, Direction.INBOUND, Access.ALLOW, "AzureLoadBalancer", "*"),
            rule("DenyAllInBound", 65500, Direction.INBOUND, Access.DENY, "*", "*"),
            rule("AllowVnetOutBound", 65000, Direction.OUTBOUND, Access.ALLOW, "VirtualNetwork", "VirtualNetwork"),
            rule("AllowInternetOutBound", 65001, Direction.OUTBOUND, Access.ALLOW, "*", "Internet"),
            rule("DenyAllOutBound", 65500, Direction.OUTBOUND, Access.DENY, "*", "*"));

    private DefaultRules() {}

    private static SecurityRule rule(String name, int priority, Direction d, Access a, String src, String dst) {
        return new SecurityRule(name, priority, d, a, "*", List.of(src), List.of("*"), List.of(dst), List.of("*"),
                List.of(), List.of(), true);
    }

    /** The given default rules plus each of the six whose name (case-insensitive) is missing. */
    public static List<SecurityRule> complete(List<SecurityRule> given) {
        Set<String> names = given.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<SecurityRule> out = new ArrayList<>(given);
        for (SecurityRule r : ALL) {
            if (!names.contains(r.name().toLowerCase(Locale.ROOT))) {
                out.add(r);
            }
        }
        return out;
    }
}
