package io.nsgflow.policy.synthetic;

import io.nsgflow.policy.AddressEntry;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import io.nsgflow.policy.NetworkInterface;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.PlatformAddresses;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.PortRange;
import io.nsgflow.net.Protocol;
import io.nsgflow.policy.SecurityRule;
import io.nsgflow.policy.VirtualNetwork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates flows at the NICs of a policy, biased to where evaluators go wrong: the first and last
 * address of every prefix in the policy and the addresses just outside, NIC addresses (ASG
 * members), platform addresses, ports at the edges of every range, every protocol.
 */
public final class RandomFlowGenerator {

    private static final int[] PROTOCOLS = {Protocol.TCP, Protocol.TCP, Protocol.TCP, Protocol.UDP, Protocol.UDP,
        Protocol.ICMP, Protocol.ICMPV6, Protocol.ESP, Protocol.AH, 47, 132};

    private final Random random;
    private final List<NetworkInterface> nics;
    private final List<IpAddress> nicAddresses = new ArrayList<>();
    private final List<IpAddress> edgeAddresses = new ArrayList<>();
    private final int[] edgePorts;

    public RandomFlowGenerator(PolicySnapshot snapshot, long seed) {
        this.random = new Random(seed);
        this.nics = List.copyOf(snapshot.networkInterfaces().values());
        for (NetworkInterface n : nics) {
            for (NetworkInterface.IpConfiguration c : n.ipConfigurations()) {
                IpPrefix b = c.block();
                nicAddresses.add(IpAddress.of(b.firstHi(), b.firstLo()));
                if (c.isBlock()) {
                    // the other end of the block and the addresses just outside it
                    nicAddresses.add(IpAddress.of(b.lastHi(), b.lastLo()));
                    nicAddresses.add(step(b.firstHi(), b.firstLo(), -1));
                    nicAddresses.add(step(b.lastHi(), b.lastLo(), +1));
                }
            }
        }
        Set<String> prefixes = new HashSet<>();
        Set<Integer> ports = new HashSet<>(List.of(0, 1, 65534, 65535));
        for (NetworkSecurityGroup g : snapshot.networkSecurityGroups().values()) {
            for (SecurityRule r : g.securityRules()) {
                prefixes.addAll(r.sourceAddressPrefixes());
                prefixes.addAll(r.destinationAddressPrefixes());
                for (String p : r.destinationPortRanges()) {
                    addEdges(ports, PortRange.parse(p));
                }
                for (String p : r.sourcePortRanges()) {
                    addEdges(ports, PortRange.parse(p));
                }
            }
        }
        for (VirtualNetwork v : snapshot.virtualNetworks().values()) {
            prefixes.addAll(v.addressPrefixes());
            v.subnets().forEach(s -> prefixes.addAll(s.addressPrefixes()));
        }
        snapshot.serviceTags().prefixesByName().values().forEach(prefixes::addAll);
        PlatformAddresses.NON_INTERNET.forEach(p -> prefixes.add(p.text()));
        for (String text : prefixes) {
            AddressEntry e = AddressEntry.parse(text);
            if (e.kind() == AddressEntry.Kind.PREFIX) {
                IpPrefix p = e.prefix();
                edgeAddresses.add(IpAddress.of(p.firstHi(), p.firstLo()));
                edgeAddresses.add(IpAddress.of(p.lastHi(), p.lastLo()));
                edgeAddresses.add(step(p.firstHi(), p.firstLo(), -1));
                edgeAddresses.add(step(p.lastHi(), p.lastLo(), +1));
            }
        }
        edgeAddresses.add(PlatformAddresses.WIRE_SERVER);
        edgeAddresses.add(PlatformAddresses.IMDS);
        edgePorts = ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void addEdges(Set<Integer> ports, PortRange r) {
        for (int p : new int[] {r.from() - 1, r.from(), r.to(), r.to() + 1}) {
            if (p >= 0 && p <= 65535) {
                ports.add(p);
            }
        }
    }

    private static IpAddress step(long hi, long lo, int delta) {
        long nlo = lo + delta;
        long nhi = hi;
        if (delta > 0 && nlo == 0) {
            nhi++;
        } else if (delta < 0 && lo == 0) {
            nhi--;
        }
        return IpAddress.of(nhi, nlo);
    }

    /** A flow at a NIC drawn uniformly. */
    public SyntheticFlow next() {
        return nextAt(nics.get(random.nextInt(nics.size())));
    }

    /** A flow at the given NIC of the policy (as a flow-log record holds many flows of one NIC). */
    public SyntheticFlow nextAt(NetworkInterface nic) {
        List<NetworkInterface.IpConfiguration> configs = nic.ipConfigurations();
        IpAddress local = random.nextInt(20) == 0 ? remote() : local(configs.get(random.nextInt(configs.size())));
        IpAddress remote = remote();
        Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        int protocol = PROTOCOLS[random.nextInt(PROTOCOLS.length)];
        int localPort = port();
        int remotePort = port();
        return d == Direction.INBOUND
                ? new SyntheticFlow(nic.id(), d, protocol, remote, remotePort, local, localPort)
                : new SyntheticFlow(nic.id(), d, protocol, local, localPort, remote, remotePort);
    }

    /** The configuration's address, or any address of its block (its ends more often). */
    private IpAddress local(NetworkInterface.IpConfiguration c) {
        IpPrefix b = c.block();
        if (!c.isBlock()) {
            return IpAddress.of(b.firstHi(), b.firstLo());
        }
        int roll = random.nextInt(4);
        if (roll == 0) {
            return IpAddress.of(b.firstHi(), b.firstLo());
        }
        if (roll == 1) {
            return IpAddress.of(b.lastHi(), b.lastLo());
        }
        long span = b.lastLo() - b.firstLo();
        return IpAddress.of(b.firstHi(), b.firstLo() + (long) (random.nextDouble() * (span + 1)));
    }

    private IpAddress remote() {
        int roll = random.nextInt(10);
        if (random.nextInt(40) == 0) {
            return random.nextBoolean() ? PlatformAddresses.WIRE_SERVER : PlatformAddresses.IMDS;
        }
        if (roll < 4) {
            return edgeAddresses.get(random.nextInt(edgeAddresses.size()));
        }
        if (roll < 7) {
            return nicAddresses.get(random.nextInt(nicAddresses.size()));
        }
        if (roll < 9) {
            return IpAddress.ofIpv4(random.nextInt());
        }
        return IpAddress.of(random.nextBoolean() ? 0xfd00_0000_0000_0000L | random.nextInt(4) << 16 : random.nextLong(),
                random.nextLong());
    }

    private int port() {
        return random.nextBoolean() ? edgePorts[random.nextInt(edgePorts.length)] : random.nextInt(65536);
    }
}
