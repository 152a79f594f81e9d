package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.Directions;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Azure's IP flow verify over a compiled policy: a query names the NIC (or lets its local address
 * find it), the direction, protocol, local and remote address and port.
 */
public final class IpFlowVerifier {

    private final CompiledPolicy policy;

    public IpFlowVerifier(CompiledPolicy policy) {
        this.policy = policy;
    }

    /** One query with IP flow verify's parameters, as text. {@code targetResourceId} may be null. */
    public record Query(String direction, String protocol, String localIPAddress, String localPort,
            String remoteIPAddress, String remotePort, String targetResourceId) {}

    /** The answer, or the reason there is none ({@code error} non-null, the rest null). */
    public record Answer(CompiledPolicy.Nic nic, Direction direction, int protocol, IpAddress localIp, int localPort,
            IpAddress remoteIp, int remotePort, PolicyVerdict decision, String error) {

        static Answer error(String reason) {
            return new Answer(null, null, -1, null, -1, null, -1, null, reason);
        }
    }

    public Answer verify(Query q) {
        Direction direction;
        try {
            direction = Directions.parse(q.direction());
        } catch (IllegalArgumentException e) {
            return Answer.error("direction: " + e.getMessage());
        }
        int protocol = Protocol.parseFlow(q.protocol());
        if (protocol < 0) {
            return Answer.error("protocol: expected TCP, UDP, ICMP, ESP, AH or an IANA number, not '" + q.protocol() + "'");
        }
        IpAddress local = IpAddress.tryParse(q.localIPAddress());
        if (local == null) {
            return Answer.error("localIPAddress: not an IP address: '" + q.localIPAddress() + "'");
        }
        IpAddress remote = IpAddress.tryParse(q.remoteIPAddress());
        if (remote == null) {
            return Answer.error("remoteIPAddress: not an IP address: '" + q.remoteIPAddress() + "'");
        }
        // a protocol without ports (ICMP, ESP, AH, ...) needs none: rules match it only with ports '*'
        boolean ports = Protocol.hasPorts(protocol);
        int localPort = !ports && blank(q.localPort()) ? 0 : port(q.localPort());
        if (localPort < 0) {
            return Answer.error("localPort: not a port 0-65535: '" + q.localPort() + "'");
        }
        int remotePort = !ports && blank(q.remotePort()) ? 0 : port(q.remotePort());
        if (remotePort < 0) {
            return Answer.error("remotePort: not a port 0-65535: '" + q.remotePort() + "'");
        }
        CompiledPolicy.Nic nic;
        if (q.targetResourceId() != null && !q.targetResourceId().isBlank()) {
            nic = findNic(q.targetResourceId());
            if (nic == null) {
                return Answer.error("targetResourceId: no NIC with id or name '" + q.targetResourceId() + "' in the snapshot");
            }
            if (!nic.hasAddress(local)) {
                return Answer.error("localIPAddress: " + local + " is not an address of NIC '" + nic.name() + "'");
            }
        } else {
            nic = policy.nicByIp(local);
            if (nic == null) {
                return Answer.error("localIPAddress: no NIC in the snapshot has the address " + local);
            }
        }
        PolicyVerdict d = direction == Direction.INBOUND
                ? policy.evaluate(nic, direction, protocol, remote, remotePort, local, localPort)
                : policy.evaluate(nic, direction, protocol, local, localPort, remote, remotePort);
        return new Answer(nic, direction, protocol, local, localPort, remote, remotePort, d, null);
    }

    /** A NIC by ARM id or by name (case-insensitive); null when none or the name is ambiguous. */
    public CompiledPolicy.Nic findNic(String idOrName) {
        CompiledPolicy.Nic byId = policy.nicById(idOrName);
        if (byId != null) {
            return byId;
        }
        List<NetworkInterface> named = new ArrayList<>();
        for (NetworkInterface n : policy.snapshot().networkInterfaces().values()) {
            if (n.name().toLowerCase(Locale.ROOT).equals(idOrName.trim().toLowerCase(Locale.ROOT))) {
                named.add(n);
            }
        }
        return named.size() == 1 ? policy.nicById(named.get(0).id()) : null;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static int port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int p = Integer.parseInt(text);
        return p <= 65535 ? p : -1;
    }
}
