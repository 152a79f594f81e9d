package io.nsgflow.net;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IANA protocol numbers of flows, their keywords, and the protocol field of rules.
 *
 * <p>Names are the IANA "Protocol Numbers" registry's keywords in lower case, as ECS
 * {@code network.transport} expects them ({@code tcp}, {@code udp}, {@code ipv6-icmp} ...); a number
 * without a keyword here is named by its decimal text. The number itself goes to
 * {@code network.iana_number}.
 */
public final class Protocol {

    public static final int HOPOPT = 0;
    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int SCTP = 132;
    /** A rule's {@code *}: matches every protocol number. */
    public static final int ANY = -1;

    /** Keyword of each protocol number 0-255 (IANA registry, lower case), or the number's text. */
    private static final String[] NAMES = new String[256];
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int n = 0; n < NAMES.length; n++) {
            NAMES[n] = Integer.toString(n).intern();
        }
        // IANA keywords (lower case); the ones ECS examples and flow tools use, and their neighbours
        name(0, "hopopt");
        name(1, "icmp");
        name(2, "igmp");
        name(3, "ggp");
        name(4, "ipv4");
        name(5, "st");
        name(6, "tcp");
        name(7, "cbt");
        name(8, "egp");
        name(9, "igp");
        name(12, "pup");
        name(17, "udp");
        name(27, "rdp");
        name(33, "dccp");
        name(41, "ipv6");
        name(43, "ipv6-route");
        name(44, "ipv6-frag");
        name(46, "rsvp");
        name(47, "gre");
        name(50, "esp");
        name(51, "ah");
        name(58, "ipv6-icmp");
        name(59, "ipv6-nonxt");
        name(60, "ipv6-opts");
        name(88, "eigrp");
        name(89, "ospfigp");
        name(94, "ipip");
        name(97, "etherip");
        name(98, "encap");
        name(103, "pim");
        name(108, "ipcomp");
        name(112, "vrrp");
        name(113, "pgm");
        name(115, "l2tp");
        name(132, "sctp");
        name(136, "udplite");
        name(137, "mpls-in-ip");
        name(139, "hip");
        name(140, "shim6");
        name(141, "wesp");
        name(142, "rohc");
        name(143, "ethernet");
        // spellings of query and rule texts
        BY_NAME.put("icmpv6", ICMPV6);
        BY_NAME.put("t", TCP);
        BY_NAME.put("u", UDP);
    }

    private static void name(int number, String keyword) {
        NAMES[number] = keyword;
        BY_NAME.put(keyword, number);
    }

    private Protocol() {}

    /** The keyword of a protocol number 0-255 (lower case), or its decimal text when it has none here. */
    public static String name(int flowProtocol) {
        return flowProtocol >= 0 && flowProtocol < NAMES.length ? NAMES[flowProtocol] : Integer.toString(flowProtocol);
    }

    /**
     * Parses a flow's protocol as a query writes it: an IANA keyword in any case ({@code TCP},
     * {@code udp}, {@code gre}, {@code ipv6-icmp}; also {@code ICMPv6}, {@code T}, {@code U}), or the
     * IANA number 0-255 as text. Returns -1 when it is neither.
     */
    public static int parseFlow(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        if (text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = Integer.parseInt(text);
            return n <= 255 ? n : -1;
        }
        Integer n = BY_NAME.get(text.toLowerCase(Locale.ROOT));
        return n == null ? -1 : n;
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
}
