package io.nsgflow.policy;

import java.util.Locale;

/** One resource of the policy, identified by its ARM id (compared case-insensitively). */
public sealed interface PolicyResource
        permits VirtualNetwork, NetworkInterface, NetworkSecurityGroup, ApplicationSecurityGroup, ServiceTags,
                NetworkGroup, SecurityAdminConfiguration {

    /** The ARM resource id as given. */
    String id();

    String name();

    /** The kind, as used in messages: networkSecurityGroup, networkInterface, ... */
    String kind();

    /** The map key: the id in lower case (Azure upper-cases ids in flow logs). */
    default String key() {
        return keyOf(id());
    }

    /** Normalizes an ARM id for lookups. */
    static String keyOf(String id) {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }
}
