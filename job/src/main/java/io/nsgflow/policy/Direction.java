package io.nsgflow.policy;

import java.util.Locale;

/** Traffic direction relative to the NIC. */
public enum Direction {
    INBOUND("Inbound"),
    OUTBOUND("Outbound");

    private final String azureName;

    Direction(String azureName) {
        this.azureName = azureName;
    }

    /** As Azure writes it: Inbound, Outbound. */
    public String azureName() {
        return azureName;
    }

    /** Parses Inbound/Outbound (any case, also I/O); throws {@link IllegalArgumentException}. */
    public static Direction parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "inbound", "in", "i" -> INBOUND;
            case "outbound", "out", "o" -> OUTBOUND;
            default -> throw new IllegalArgumentException("direction must be Inbound or Outbound, not '" + text + "'");
        };
    }
}
