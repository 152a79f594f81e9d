package io.nsgflow.net;

import java.util.Locale;

/** IANA protocol numbers of flows, and the protocol field of rules. */
public final class Protocol {

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    /** A rule's {@code *}: matches every protocol number. */
    public static final int ANY = -1;

    private Protocol() {}

    /**
     * Parses a flow's protocol as flow records write it: TCP, UDP, ICMP, ESP, AH (any case), or the
     * IANA number as text. Returns -1 when it is neither.
     */
    public static int parseFlow(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        switch (text.toUpperCase(Locale.ROOT)) {
            case "TCP", "T": return TCP;
            case "UDP", "U": return UDP;
            case "ICMP": return ICMP;
            case "ICMPV6": return ICMPV6;
            case "ESP": return ESP;
            case "AH": return AH;
            default:
                if (text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
                    int n = Integer.parseInt(text);
                    return n <= 255 ? n : -1;
                }
                return -1;
        }
    }

    /** Parses a rule's protocol: Tcp, Udp, Icmp, Esp, Ah or {@code *}/Any; throws when unknown. */
    public static int parseRule(String text) {
        if (text == null) {
            throw new IllegalArgumentException("protocol is missing");
        }
        switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "*", "ANY": return ANY;
            case "TCP": return TCP;
            case "UDP": return UDP;
            case "ICMP": return ICMP;
            case "ESP": return ESP;
            case "AH": return AH;
            default: throw new IllegalArgumentException("unknown protocol '" + text + "' (Tcp, Udp, Icmp, Esp, Ah or *)");
        }
    }

    /** Whether a rule protocol matches a flow protocol number. Icmp covers ICMPv6 too. */
    public static boolean ruleMatches(int ruleProtocol, int flowProtocol) {
        if (ruleProtocol == ANY) {
            return true;
        }
        if (ruleProtocol == ICMP) {
            return flowProtocol == ICMP || flowProtocol == ICMPV6;
        }
        return ruleProtocol == flowProtocol;
    }

    /** Whether flows of this protocol carry ports. */
    public static boolean hasPorts(int flowProtocol) {
        return flowProtocol == TCP || flowProtocol == UDP;
    }

    /** Text for output: TCP, UDP, ICMP, ESP, AH, or the number. */
    public static String name(int flowProtocol) {
        return switch (flowProtocol) {
            case TCP -> "TCP";
            case UDP -> "UDP";
            case ICMP -> "ICMP";
            case ESP -> "ESP";
            case AH -> "AH";
            default -> Integer.toString(flowProtocol);
        };
    }
}
