package io.nsgflow.net;

import java.util.Arrays;

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
        return text == null ? null : tryParse(text, 0, text.length());
    }

    /** Parses {@code s[from, to)} as an address, or returns null when it is not one. */
    public static IpAddress tryParse(String s, int from, int to) {
        long v4 = parseIpv4(s, from, to);
        if (v4 >= 0) {
            return ofIpv4((int) v4);
        }
        return parseIpv6(s, from, to);
    }

    /**
     * This address's canonical text, given the literal {@code s[from, to)} it was parsed from:
     * dotted decimal as written, IPv6 (IPv4-mapped ones too: {@code ::ffff:10.1.2.3}) as RFC 5952 text.
     */
    public String canonicalTextOf(String s, int from, int to) {
        int colon = s.indexOf(':', from);
        return colon < 0 || colon >= to ? s.substring(from, to) : ipv6Text();
    }

    /**
     * Strict dotted decimal: four parts 0-255 without leading zeros (which some parsers read as
     * octal, so {@code 010.0.0.1} is ambiguous and rejected). Returns the address 0..2^32-1, or -1.
     */
    static long parseIpv4(String s, int from, int to) {
        // one look at each character: a digit of the current part, or the dot that ends it
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
        return ((value << 8) | part) & 0xFFFF_FFFFL;
    }

    private static IpAddress parseIpv6(String s, int from, int to) {
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
                return new IpAddress(0, 0);
            }
        }
        while (true) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int d = hexDigit(s.charAt(i));
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = parseIpv4(s, start, to);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                break;
            }
            int len = i - start;
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
                return null; // a trailing single colon
            }
        }
        if (gap >= 0) {
            if (count == 8) {
                return null; // "::" stands for at least one group
            }
            int shift = 8 - count;
            System.arraycopy(groups, gap, groups, gap + shift, count - gap);
            Arrays.fill(groups, gap, gap + shift, 0);
        } else if (count != 8) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | groups[g];
            lo = (lo << 16) | groups[g + 4];
        }
        return new IpAddress(hi, lo);
    }

    /** ASCII only: {@link Character#digit} would take other scripts' digits too. */
    static int hexDigit(char c) {
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

    /** Canonical text: dotted quad for IPv4; compressed lower-case IPv6 (RFC 5952) otherwise. */
    @Override
    public String toString() {
        if (isIpv4()) {
            long v = lo & 0xFFFF_FFFFL;
            return (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        return ipv6Text();
    }

    /**
     * The address as IPv6 text per RFC 5952: lower case, leading zeros dropped, the longest run of
     * two or more zero groups (the first on a tie) as {@code ::}, IPv4-mapped as {@code ::ffff:a.b.c.d}.
     */
    public String ipv6Text() {
        if (isIpv4()) {
            return "::ffff:" + this;
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
        StringBuilder sb = new StringBuilder(39);
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
