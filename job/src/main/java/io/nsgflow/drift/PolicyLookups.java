package io.nsgflow.drift;

import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.LoggedRuleName;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.SecurityRule;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The lookups the drift judge makes for every flow, remembered by the exact text the flow log
 * carries, for one compiled policy: the logging NSG by resource id or resourceGuid, the NIC by MAC,
 * and whether a logged rule name denotes a rule of an NSG. The policy normalizes these texts on
 * every call (lower-casing a resource id, re-writing a MAC); a log record's tuples all carry the
 * same texts, so the answer is the policy's own, computed once per distinct text.
 *
 * <p>Each table holds at most {@link #MAX_ENTRIES} entries and is emptied when full, so texts never
 * seen before (malformed or hostile input) cost a policy lookup each but no unbounded memory. Not
 * thread-safe: one per operator instance (see {@link Cache}).
 */
final class PolicyLookups {

    static final int MAX_ENTRIES = 4096;

    /** Marks a remembered "no such NSG / NIC". */
    private static final Object NONE = new Object();

    private final CompiledPolicy policy;
    private final Map<String, Object> nsgsById = new HashMap<>();
    private final Map<String, Object> nsgsByGuid = new HashMap<>();
    private final Map<String, Object> nicsByMac = new HashMap<>();
    private final Map<NetworkSecurityGroup, Map<String, Boolean>> ruleExists = new IdentityHashMap<>();
    private final Map<SecurityRule, Map<String, Boolean>> ruleMatches = new IdentityHashMap<>();
    private int ruleEntries;

    PolicyLookups(CompiledPolicy policy) {
        this.policy = policy;
    }

    CompiledPolicy policy() {
        return policy;
    }

    /** {@link CompiledPolicy#nsgById}. */
    NetworkSecurityGroup nsgById(String id) {
        if (id == null) {
            return null;
        }
        Object known = nsgsById.get(id);
        if (known == null) {
            known = remember(nsgsById, id, policy.nsgById(id));
        }
        return known == NONE ? null : (NetworkSecurityGroup) known;
    }

    /** {@link CompiledPolicy#nsgByResourceGuid}. */
    NetworkSecurityGroup nsgByResourceGuid(String guid) {
        if (guid == null) {
            return null;
        }
        Object known = nsgsByGuid.get(guid);
        if (known == null) {
            known = remember(nsgsByGuid, guid, policy.nsgByResourceGuid(guid));
        }
        return known == NONE ? null : (NetworkSecurityGroup) known;
    }

    /** {@link CompiledPolicy#nicByMac}. */
    CompiledPolicy.Nic nicByMac(String mac) {
        if (mac == null) {
            return null;
        }
        Object known = nicsByMac.get(mac);
        if (known == null) {
            known = remember(nicsByMac, mac, policy.nicByMac(mac));
        }
        return known == NONE ? null : (CompiledPolicy.Nic) known;
    }

    /** {@link LoggedRuleName#existsIn}, for an NSG of this policy. */
    boolean ruleExists(NetworkSecurityGroup nsg, String logged) {
        if (logged == null) {
            return LoggedRuleName.existsIn(nsg, null);
        }
        Map<String, Boolean> byName = ruleExists.computeIfAbsent(nsg, k -> new HashMap<>());
        Boolean known = byName.get(logged);
        if (known == null) {
            known = LoggedRuleName.existsIn(nsg, logged);
            countRuleEntry();
            byName.put(logged, known);
        }
        return known;
    }

    /** {@link LoggedRuleName#matches}, for a rule of this policy. */
    boolean ruleMatches(SecurityRule rule, String logged) {
        if (rule == null || logged == null) {
            return LoggedRuleName.matches(rule, logged);
        }
        Map<String, Boolean> byName = ruleMatches.computeIfAbsent(rule, k -> new HashMap<>());
        Boolean known = byName.get(logged);
        if (known == null) {
            known = LoggedRuleName.matches(rule, logged);
            countRuleEntry();
            byName.put(logged, known);
        }
        return known;
    }

    private void countRuleEntry() {
        if (++ruleEntries > MAX_ENTRIES) {
            ruleExists.clear();
            ruleMatches.clear();
            ruleEntries = 1;
        }
    }

    private static Object remember(Map<String, Object> table, String text, Object value) {
        if (table.size() >= MAX_ENTRIES) {
            table.clear();
        }
        Object v = value == null ? NONE : value;
        table.put(text, v);
        return v;
    }

    /**
     * The lookups of the last few compiled policies used (a flow is judged against the policy in
     * force at its time, so late flows may alternate between versions), by identity.
     */
    static final class Cache {
        private static final int POLICIES = 4;
        private final PolicyLookups[] recent = new PolicyLookups[POLICIES];
        private int next;
        private PolicyLookups last;
        private final ParsedAddresses addresses = new ParsedAddresses();

        /** Flow addresses, parsed once per distinct text (they do not depend on the policy). */
        ParsedAddresses addresses() {
            return addresses;
        }

        PolicyLookups of(CompiledPolicy policy) {
            PolicyLookups l = last;
            if (l != null && l.policy == policy) {
                return l;
            }
            for (PolicyLookups r : recent) {
                if (r != null && r.policy == policy) {
                    last = r;
                    return r;
                }
            }
            l = new PolicyLookups(policy);
            recent[next] = l;
            next = (next + 1) % POLICIES;
            last = l;
            return l;
        }
    }
}
