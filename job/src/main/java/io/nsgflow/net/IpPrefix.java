package io.nsgflow.net;

/** A CIDR block (or a single address) as an inclusive range of the 128-bit address line. */
public record IpPrefix(long firstHi, long firstLo, long lastHi, long lastLo, String text) {

    /** Parses {@code 10.0.0.0/8}, {@code 10.1.2.3}, {@code 2001:db8::/32}; host bits are ignored. */
    public static IpPrefix parse(String text) {
        IpPrefix p = tryParse(text);
        if (p == null) {
            throw new IllegalArgumentException("not an IP prefix: '" + text + "'");
        }
        return p;
    }

    public static IpPrefix tryParse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        IpAddress a = IpAddress.tryParse(addr);
        if (a == null) {
            return null;
        }
        int max = a.isIpv4() ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            String l = s.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
                return null;
            }
            len = Integer.parseInt(l);
            if (len > max) {
                return null;
            }
        }
        int bits = a.isIpv4() ? 96 + len : len;
        return ofBits(a.hi(), a.lo(), bits, s);
    }

    /** The block of the given address with the first {@code bits} of 128 fixed. */
    static IpPrefix ofBits(long hi, long lo, int bits, String text) {
        long hiMask = bits >= 64 ? -1L : (bits == 0 ? 0L : -1L << (64 - bits));
        long loMask = bits <= 64 ? 0L : (bits == 128 ? -1L : -1L << (128 - bits));
        return new IpPrefix(hi & hiMask, lo & loMask, hi | ~hiMask, lo | ~loMask, text);
    }

    public boolean contains(IpAddress a) {
        return contains(a.hi(), a.lo());
    }

    public boolean contains(long hi, long lo) {
        return IpAddress.compare(hi, lo, firstHi, firstLo) >= 0 && IpAddress.compare(hi, lo, lastHi, lastLo) <= 0;
    }

    /** All IPv4 addresses. */
    public static final IpPrefix ALL_IPV4 = parse("0.0.0.0/0");
    /** The whole 128-bit line (IPv4 and IPv6). */
    public static final IpPrefix ALL = new IpPrefix(0, 0, -1L, -1L, "*");
}
