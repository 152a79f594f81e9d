package io.nsgflow.policy;

/** MAC addresses as ARM ({@code 00-0D-3A-F8-78-56}) and flow logs ({@code 000D3AF87856}) write them. */
public final class MacAddress {

    private MacAddress() {}

    /** Twelve upper-case hex digits, or null when the text is not a MAC address. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || c == ':' || c == '.') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || sb.length() == 12) {
                return null;
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.length() == 12 ? sb.toString() : null;
    }
}
