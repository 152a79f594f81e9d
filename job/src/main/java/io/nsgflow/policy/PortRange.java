package io.nsgflow.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive port range. Flows of protocols without ports (ICMP, ESP, AH, ...) carry port
 * {@link #NO_PORT}; only a rule port condition covering every port ({@code *} or {@code 0-65535})
 * matches them, as in Azure where an Any-protocol rule for port 3389 does not allow ping.
 */
public record PortRange(int from, int to) {

    /** The port value of a flow whose protocol has no ports. */
    public static final int NO_PORT = -1;

    /** {@code *}: every port, and flows without ports. */
    public static final PortRange ANY = new PortRange(NO_PORT, 65535);

    /** Parses {@code *}, {@code 80}, {@code 1000-2000}; throws {@link IllegalArgumentException} with the reason. */
    public static PortRange parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("*") || s.equalsIgnoreCase("Any")) {
            return ANY;
        }
        int dash = s.indexOf('-');
        int from = port(dash < 0 ? s : s.substring(0, dash), text);
        int to = dash < 0 ? from : port(s.substring(dash + 1), text);
        if (from > to) {
            throw new IllegalArgumentException("port range '" + text + "' has its start after its end");
        }
        return from == 0 && to == 65535 ? ANY : new PortRange(from, to);
    }

    private static int port(String s, String whole) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a port or port range: '" + whole + "'");
        }
        int p = Integer.parseInt(s);
        if (p > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: '" + whole + "'");
        }
        return p;
    }

    public static List<PortRange> parseAll(List<String> texts) {
        List<PortRange> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(parse(t));
        }
        return out;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }
}
