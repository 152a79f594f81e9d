package io.nsgflow.flowlog;

/** MAC address text as ARM writes it: {@code 00-0D-3A-F8-78-56}. */
final class MacAddresses {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MacAddresses() {}

    /**
     * Formats {@code 000D3AF87856}, {@code 00-0d-3a-f8-78-56} or {@code 00:0D:3A:F8:78:56} as
     * {@code 00-0D-3A-F8-78-56}; returns null when the text is not a MAC address.
     */
    static String armFormat(String text) {
        int n = text.length();
        boolean separated = n == 17;
        if (n != 12 && !separated) {
            return null;
        }
        char[] out = new char[17];
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (separated && i % 3 == 2) {
                if (c != '-' && c != ':') {
                    return null;
                }
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0 || c > 'f') {
                return null;
            }
            if (o > 0 && o % 3 == 2) {
                out[o++] = '-';
            }
            out[o++] = HEX[v];
        }
        return new String(out);
    }
}
