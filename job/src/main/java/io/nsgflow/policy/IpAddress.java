package io.nsgflow.policy;

/**
 * An IPv4 or IPv6 address as one unsigned 128-bit number ({@code hi}, {@code lo}). IPv4 is held as
 * the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}, so both families live on one number line and
 * an IPv4 prefix never matches an IPv6 address.
 */
public final class IpAddress implements Comparable<IpAddress> {

    static final long V4_MAPPED_HI = 0L;
    static final long V4_MAPPED_LO_MARK = 0x0000_FFFF_0000_0000L;

    private final long hi;
    private final long lo;

    private IpAddress(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public static IpAddress of(long hi, long lo) {
        return new IpAddress(hi, lo);
    }

    public static IpAddress ofIpv4(int v4) {
        return new IpAddress(V4_MAPPED_HI, V4_MAPPED_LO_MARK | (v4 & 0xFFFF_FFFFL));
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    public boolean isIpv4() {
        return hi == V4_MAPPED_HI && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_LO_MARK;
    }

    /** Parses IPv4 dotted quad or IPv6 text; throws {@link IllegalArgumentException} with the reason. */
    public static IpAddress parse(String text) {
        IpAddress a = tryParse(text);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        return a;
    }

    /** Parses an address, or returns null when the text is not one. */
    public static IpAddress tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v4 = parseIpv4(text, 0, text.length());
            return v4 < 0 ? null : ofIpv4((int) v4);
        }
        return parseIpv6(text);
    }

    /** Returns the IPv4 value 0..2^32-1 of text[from,to), or -1 when it is not a dotted quad. */
    static long parseIpv4(String s, int from, int to) {
        long result = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            if (i == start || v > 255) {
                return -1;
            }
            result = (result << 8) | v;
            octets++;
            if (i < to) {
                if (s.charAt(i) != '.' || octets == 4) {
                    return -1;
                }
                i++;
                if (i == to) {
                    return -1;
                }
            }
        }
        return octets == 4 ? result : -1;
    }

    private static IpAddress parseIpv6(String s) {
        int len = s.length();
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = 0;
        if (s.startsWith("::")) {
            doubleColonAt = 0;
            i = 2;
            if (i == len) {
                return new IpAddress(0, 0);
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < len) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int v = 0;
            while (i < len && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                v = (v << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = parseIpv4(s, start, len);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = len;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = v;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (doubleColonAt >= 0) {
                    return null;
                }
                doubleColonAt = count;
                i++;
            } else if (i == len) {
                return null;
            }
        }
        int[] full = new int[8];
        if (doubleColonAt >= 0) {
            if (count == 8) {
                return null;
            }
            int tail = count - doubleColonAt;
            System.arraycopy(groups, 0, full, 0, doubleColonAt);
            System.arraycopy(groups, doubleColonAt, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return null;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return new IpAddress(hi, lo);
    }

    /** Unsigned 128-bit comparison. */
    public static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    @Override
    public int compareTo(IpAddress o) {
        return compare(hi, lo, o.hi, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo);
    }

    /** Canonical text: dotted quad for IPv4; compressed lower-case IPv6 (RFC 5952). */
    @Override
    public String toString() {
        if (isIpv4()) {
            long v = lo & 0xFFFF_FFFFL;
            return (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
