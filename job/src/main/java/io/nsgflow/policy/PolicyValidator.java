package io.nsgflow.policy;

import io.nsgflow.net.IpPrefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cross-reference checks of an assembled snapshot. */
public final class PolicyValidator {

    private PolicyValidator() {}

    /** Throws naming the resource and the field of the first broken reference. */
    public static void validate(PolicySnapshot s) throws PolicyValidationException {
        for (VirtualNetwork v : s.virtualNetworks().values()) {
            String what = PolicyReader.describe(v);
            for (VirtualNetwork.Subnet sn : v.subnets()) {
                if (sn.networkSecurityGroupId() != null && s.nsg(sn.networkSecurityGroupId()) == null) {
                    throw new PolicyValidationException(what, "subnets['" + sn.name() + "'].networkSecurityGroup.id",
                            "unknown network security group '" + sn.networkSecurityGroupId() + "'");
                }
            }
        }
        for (NetworkSecurityGroup g : s.networkSecurityGroups().values()) {
            checkRules(s, g, g.securityRules(), "securityRules");
            checkRules(s, g, g.defaultSecurityRules(), "defaultSecurityRules");
        }
        for (SecurityAdminConfiguration c : s.securityAdminConfigurations().values()) {
            String what = PolicyReader.describe(c);
            for (SecurityAdminConfiguration.RuleCollection rc : c.ruleCollections()) {
                String at = "ruleCollections['" + rc.name() + "']";
                for (String g : rc.appliesToGroupIds()) {
                    if (s.networkGroup(g) == null) {
                        throw new PolicyValidationException(what, at + ".appliesToGroups", "unknown network group '" + g + "'");
                    }
                }
                for (SecurityAdminRule r : rc.rules()) {
                    String rat = at + ".rules['" + r.name() + "']";
                    checkAdminEntries(s, what, rat + ".sources", r.sources());
                    checkAdminEntries(s, what, rat + ".destinations", r.destinations());
                }
            }
        }
        Map<String, String> asgVnet = new HashMap<>();
        for (NetworkInterface n : s.networkInterfaces().values()) {
            String what = PolicyReader.describe(n);
            if (n.networkSecurityGroupId() != null && s.nsg(n.networkSecurityGroupId()) == null) {
                throw new PolicyValidationException(what, "networkSecurityGroup.id",
                        "unknown network security group '" + n.networkSecurityGroupId() + "'");
            }
            String nicVnet = null;
            for (int i = 0; i < n.ipConfigurations().size(); i++) {
                NetworkInterface.IpConfiguration c = n.ipConfigurations().get(i);
                String at = "ipConfigurations[" + i + "]";
                PolicySnapshot.SubnetRef ref = s.subnet(c.subnetId());
                if (ref == null) {
                    throw new PolicyValidationException(what, at + ".subnet.id", "unknown subnet '" + c.subnetId() + "'");
                }
                IpPrefix block = c.block();
                if (!ref.subnet().addressPrefixes().isEmpty()
                        && ref.subnet().addressPrefixes().stream().noneMatch(p -> containsBlock(IpPrefix.parse(p), block))) {
                    throw new PolicyValidationException(what, at + ".privateIPAddress",
                            c.addressText() + (c.isBlock() ? " (block) is not inside" : " is outside") + " subnet '"
                                    + ref.subnet().name() + "' " + ref.subnet().addressPrefixes());
                }
                String vnetKey = ref.virtualNetwork().key();
                if (nicVnet != null && !nicVnet.equals(vnetKey)) {
                    throw new PolicyValidationException(what, at + ".subnet.id",
                            "all IP configurations of a NIC must be in one virtual network");
                }
                nicVnet = vnetKey;
                for (String asg : c.applicationSecurityGroupIds()) {
                    String key = PolicyResource.keyOf(asg);
                    if (!s.applicationSecurityGroups().containsKey(key)) {
                        throw new PolicyValidationException(what, at + ".applicationSecurityGroups",
                                "unknown application security group '" + asg + "'");
                    }
                    String prev = asgVnet.putIfAbsent(key, vnetKey);
                    if (prev != null && !prev.equals(vnetKey)) {
                        throw new PolicyValidationException(what, at + ".applicationSecurityGroups",
                                "application security group '" + asg + "' already has members in another virtual network");
                    }
                }
            }
        }
    }

    /** Whether every address of {@code block} lies in {@code prefix}. */
    static boolean containsBlock(IpPrefix prefix, IpPrefix block) {
        return prefix.contains(block.firstHi(), block.firstLo()) && prefix.contains(block.lastHi(), block.lastLo());
    }

    private static void checkRules(PolicySnapshot s, NetworkSecurityGroup g, List<SecurityRule> rules, String list)
            throws PolicyValidationException {
        String what = PolicyReader.describe(g);
        for (SecurityRule r : rules) {
            String at = list + "['" + r.name() + "']";
            checkAsgs(s, what, at + ".sourceApplicationSecurityGroups", r.sourceApplicationSecurityGroups());
            checkAsgs(s, what, at + ".destinationApplicationSecurityGroups", r.destinationApplicationSecurityGroups());
            checkTags(s, what, at + ".sourceAddressPrefix", r.sourceAddressPrefixes());
            checkTags(s, what, at + ".destinationAddressPrefix", r.destinationAddressPrefixes());
        }
    }

    private static void checkAsgs(PolicySnapshot s, String what, String field, List<String> ids)
            throws PolicyValidationException {
        for (String id : ids) {
            if (!s.applicationSecurityGroups().containsKey(PolicyResource.keyOf(id))) {
                throw new PolicyValidationException(what, field, "unknown application security group '" + id + "'");
            }
        }
    }

    private static void checkAdminEntries(PolicySnapshot s, String what, String field, List<String> entries)
            throws PolicyValidationException {
        List<String> plain = new java.util.ArrayList<>();
        for (String e : entries) {
            if (e.startsWith(SecurityAdminRule.NETWORK_GROUP_ENTRY)) {
                String g = e.substring(SecurityAdminRule.NETWORK_GROUP_ENTRY.length());
                if (s.networkGroup(g) == null) {
                    throw new PolicyValidationException(what, field, "unknown network group '" + g + "'");
                }
            } else {
                plain.add(e);
            }
        }
        checkTags(s, what, field, plain);
    }

    private static void checkTags(PolicySnapshot s, String what, String field, List<String> entries)
            throws PolicyValidationException {
        for (String e : entries) {
            AddressEntry a = AddressEntry.parse(e);
            if (a.kind() == AddressEntry.Kind.SERVICE_TAG && s.serviceTags().prefixes(a.tag()) == null) {
                throw new PolicyValidationException(what, field,
                        "unknown service tag '" + a.tag() + "' (not in the service tags document)");
            }
        }
    }
}
