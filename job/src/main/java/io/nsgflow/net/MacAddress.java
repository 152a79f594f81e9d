package io.nsgflow.net;

/**
 * MAC address text. ARM writes {@code 00-0D-3A-F8-78-56}, NSG flow logs {@code 000D3AF87856},
 * other tools {@code 00:0d:3a:f8:78:56}; everything in nsgflow (flow records, the policy's NIC
 * index) carries the ARM form, so one address has one text.
 */
public final class MacAddress {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MacAddress() {}

    /**
     * The ARM form of twelve hex digits in any case, with or without {@code -}, {@code :} or
     * {@code .} between them; null when the text is not a MAC address (or is null).
     */
    public static String armFormat(String text) {
        if (text == null || text.length() > 17) {
            return null;
        }
        char[] out = new char[17];
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || c == ':' || c == '.') {
                continue;
            }
            int v = IpAddress.hexDigit(c);
            if (v < 0 || digits == 12) {
                return null;
            }
            int o = digits + digits / 2;
            if (digits > 0 && digits % 2 == 0) {
                out[o - 1] = '-';
            }
            out[o] = HEX[v];
            digits++;
        }
        return digits == 12 ? new String(out) : null;
    }
}
