package io.nsgflow.flowlog;

/**
 * Canonical text of IP address literals, parsed by hand (no DNS, no InetAddress): IPv4 dotted
 * decimal, IPv6 per RFC 5952 (lower case, leading zeros dropped, the longest run of two or more
 * zero groups compressed to {@code ::}, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}).
 */
final class IpAddresses {

    private IpAddresses() {}

    /** The canonical text of {@code s[from, to)}, or null when it is not an IP literal. */
    static String canonical(String s, int from, int to) {
        // IPv4 first, in one pass (text with a ':' is never valid IPv4)
        int v4 = parseV4(s, from, to);
        if (v4 != -1 || isAllOnesV4(s, from, to)) {
            // valid dotted decimal without leading zeros is already canonical
            return s.substring(from, to);
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ':') {
                return canonicalV6(s, from, to);
            }
        }
        return null;
    }

    private static boolean isAllOnesV4(String s, int from, int to) {
        return s.startsWith("255.255.255.255", from) && to - from == 15;
    }

    /**
     * Parses strict dotted decimal (four parts 0-255, no leading zeros); returns the address as an
     * int, or -1 for invalid text (255.255.255.255 is also -1: callers check it separately).
     */
    static int parseV4(String s, int from, int to) {
        // one look at each character: digits of the current part, or the dot that ends it
        int value = 0;
        int parts = 0;
        int part = 0;
        int digits = 0;
        boolean leadingZero = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 0) {
                    leadingZero = c == '0';
                } else if (leadingZero || digits == 3) {
                    return -1;
                }
                digits++;
                part = part * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && part <= 255 && parts < 3) {
                value = (value << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (parts != 3 || digits == 0 || part > 255) {
            return -1;
        }
        return (value << 8) | part;
    }

    private static String canonicalV6(String s, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // index in groups where "::" stands
        int i = from;
        if (to - from < 2) {
            return null;
        }
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                return format(groups, false);
            }
        }
        while (true) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int d = hex(s.charAt(i));
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                i++;
            }
            int len = i - start;
            if (i < to && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (count > 6) {
                    return null;
                }
                int v4 = parseV4(s, start, to);
                if (v4 == -1 && !isAllOnesV4(s, start, to)) {
                    return null;
                }
                groups[count++] = (v4 >>> 16) & 0xffff;
                groups[count++] = v4 & 0xffff;
                i = to;
                break;
            }
            if (len == 0 || len > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null; // trailing single colon
            }
        }
        if (gap >= 0) {
            if (count == 8) {
                return null; // "::" must stand for at least one group
            }
            int shift = 8 - count;
            for (int k = count - 1; k >= gap; k--) {
                groups[k + shift] = groups[k];
            }
            for (int k = gap; k < gap + shift; k++) {
                groups[k] = 0;
            }
        } else if (count != 8) {
            return null;
        }
        boolean mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0
                && groups[4] == 0 && groups[5] == 0xffff;
        return format(groups, mapped);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String format(int[] groups, boolean mapped) {
        if (mapped) {
            return "::ffff:" + (groups[6] >>> 8) + '.' + (groups[6] & 0xff) + '.' + (groups[7] >>> 8) + '.'
                    + (groups[7] & 0xff);
        }
        // longest run of >= 2 zero groups, the first one on a tie
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (groups[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && groups[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[k]));
        }
        return b.toString();
    }
}
