package io.nsgflow.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole intended policy at one time: every resource keyed by its lower-cased ARM id, plus a
 * version label and the instant it takes effect. Immutable; build one from a snapshot file
 * ({@link PolicyReader#readSnapshot}) or from individual resources ({@link #of}, {@link #with}).
 * Not validated by construction: call {@link PolicyValidator#validate} (compiling does).
 */
public final class PolicySnapshot {

    private final String version;
    private final Instant effectiveFrom;
    private final Map<String, VirtualNetwork> virtualNetworks;
    private final Map<String, NetworkInterface> networkInterfaces;
    private final Map<String, NetworkSecurityGroup> networkSecurityGroups;
    private final Map<String, ApplicationSecurityGroup> applicationSecurityGroups;
    private final ServiceTags serviceTags;
    private final Map<String, NetworkGroup> networkGroups;
    private final Map<String, SecurityAdminConfiguration> securityAdminConfigurations;
    private final Map<String, SubnetRef> subnets;

    /** A subnet with the VNet it belongs to. */
    public record SubnetRef(VirtualNetwork virtualNetwork, VirtualNetwork.Subnet subnet) {}

    private PolicySnapshot(String version, Instant effectiveFrom, Map<String, VirtualNetwork> vnets,
            Map<String, NetworkInterface> nics, Map<String, NetworkSecurityGroup> nsgs,
            Map<String, ApplicationSecurityGroup> asgs, ServiceTags serviceTags, Map<String, NetworkGroup> groups,
            Map<String, SecurityAdminConfiguration> adminConfigs) {
        this.version = version;
        this.effectiveFrom = effectiveFrom;
        this.virtualNetworks = Collections.unmodifiableMap(vnets);
        this.networkInterfaces = Collections.unmodifiableMap(nics);
        this.networkSecurityGroups = Collections.unmodifiableMap(nsgs);
        this.applicationSecurityGroups = Collections.unmodifiableMap(asgs);
        this.serviceTags = serviceTags == null ? ServiceTags.EMPTY : serviceTags;
        this.networkGroups = Collections.unmodifiableMap(groups);
        this.securityAdminConfigurations = Collections.unmodifiableMap(adminConfigs);
        Map<String, SubnetRef> s = new LinkedHashMap<>();
        for (VirtualNetwork v : vnets.values()) {
            for (VirtualNetwork.Subnet sn : v.subnets()) {
                s.put(PolicyResource.keyOf(sn.id()), new SubnetRef(v, sn));
            }
        }
        this.subnets = Collections.unmodifiableMap(s);
    }

    /** A snapshot of the given resources; a later resource with the same id replaces an earlier one. */
    public static PolicySnapshot of(String version, Instant effectiveFrom, Collection<? extends PolicyResource> resources) {
        Map<String, VirtualNetwork> vnets = new LinkedHashMap<>();
        Map<String, NetworkInterface> nics = new LinkedHashMap<>();
        Map<String, NetworkSecurityGroup> nsgs = new LinkedHashMap<>();
        Map<String, ApplicationSecurityGroup> asgs = new LinkedHashMap<>();
        Map<String, NetworkGroup> groups = new LinkedHashMap<>();
        Map<String, SecurityAdminConfiguration> adminConfigs = new LinkedHashMap<>();
        ServiceTags tags = null;
        for (PolicyResource r : resources) {
            if (r instanceof VirtualNetwork v) {
                vnets.put(v.key(), v);
            } else if (r instanceof NetworkInterface n) {
                nics.put(n.key(), n);
            } else if (r instanceof NetworkSecurityGroup g) {
                nsgs.put(g.key(), g);
            } else if (r instanceof ApplicationSecurityGroup a) {
                asgs.put(a.key(), a);
            } else if (r instanceof ServiceTags t) {
                tags = t;
            } else if (r instanceof NetworkGroup g) {
                groups.put(g.key(), g);
            } else if (r instanceof SecurityAdminConfiguration c) {
                adminConfigs.put(c.key(), c);
            }
        }
        return new PolicySnapshot(version, effectiveFrom, vnets, nics, nsgs, asgs, tags, groups, adminConfigs);
    }

    /** A copy with one resource added or replaced. */
    public PolicySnapshot with(PolicyResource resource) {
        java.util.List<PolicyResource> all = new java.util.ArrayList<>(resources());
        all.add(resource);
        return of(version, effectiveFrom, all);
    }

    /** A copy with another version label and effective time. */
    public PolicySnapshot withVersion(String newVersion, Instant newEffectiveFrom) {
        return new PolicySnapshot(newVersion, newEffectiveFrom, new LinkedHashMap<>(virtualNetworks),
                new LinkedHashMap<>(networkInterfaces), new LinkedHashMap<>(networkSecurityGroups),
                new LinkedHashMap<>(applicationSecurityGroups), serviceTags, new LinkedHashMap<>(networkGroups),
                new LinkedHashMap<>(securityAdminConfigurations));
    }

    /** Every resource, the service tags document last (when it has any tag). */
    public java.util.List<PolicyResource> resources() {
        java.util.List<PolicyResource> all = new java.util.ArrayList<>();
        all.addAll(virtualNetworks.values());
        all.addAll(networkSecurityGroups.values());
        all.addAll(applicationSecurityGroups.values());
        all.addAll(networkInterfaces.values());
        all.addAll(networkGroups.values());
        all.addAll(securityAdminConfigurations.values());
        if (!serviceTags.prefixesByName().isEmpty()) {
            all.add(serviceTags);
        }
        return all;
    }

    public String version() {
        return version;
    }

    public Instant effectiveFrom() {
        return effectiveFrom;
    }

    public Map<String, VirtualNetwork> virtualNetworks() {
        return virtualNetworks;
    }

    public Map<String, NetworkInterface> networkInterfaces() {
        return networkInterfaces;
    }

    public Map<String, NetworkSecurityGroup> networkSecurityGroups() {
        return networkSecurityGroups;
    }

    public Map<String, ApplicationSecurityGroup> applicationSecurityGroups() {
        return applicationSecurityGroups;
    }

    public ServiceTags serviceTags() {
        return serviceTags;
    }

    /** AVNM network groups keyed by lower-cased ARM id. */
    public Map<String, NetworkGroup> networkGroups() {
        return networkGroups;
    }

    /** AVNM security admin configurations keyed by lower-cased ARM id, in snapshot order. */
    public Map<String, SecurityAdminConfiguration> securityAdminConfigurations() {
        return securityAdminConfigurations;
    }

    public NetworkGroup networkGroup(String id) {
        return id == null ? null : networkGroups.get(PolicyResource.keyOf(id));
    }

    /** Subnets of all VNets keyed by lower-cased ARM id. */
    public Map<String, SubnetRef> subnets() {
        return subnets;
    }

    public NetworkSecurityGroup nsg(String id) {
        return id == null ? null : networkSecurityGroups.get(PolicyResource.keyOf(id));
    }

    public NetworkInterface nic(String id) {
        return id == null ? null : networkInterfaces.get(PolicyResource.keyOf(id));
    }

    public VirtualNetwork vnet(String id) {
        return id == null ? null : virtualNetworks.get(PolicyResource.keyOf(id));
    }

    public SubnetRef subnet(String id) {
        return id == null ? null : subnets.get(PolicyResource.keyOf(id));
    }
}
