package io.nsgflow.net;

import java.util.Locale;

/**
 * Azure's spelling of a {@link Direction} (the wire enum of FlowRecord, generated from its Avro
 * schema, so it cannot carry these methods itself).
 */
public final class Directions {

    private Directions() {}

    /** As Azure writes it: Inbound, Outbound. */
    public static String azureName(Direction d) {
        return d == Direction.INBOUND ? "Inbound" : "Outbound";
    }

    /** Parses Inbound/Outbound (any case, also I/O); throws {@link IllegalArgumentException}. */
    public static Direction parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "inbound", "in", "i" -> Direction.INBOUND;
            case "outbound", "out", "o" -> Direction.OUTBOUND;
            default -> throw new IllegalArgumentException("direction must be Inbound or Outbound, not '" + text + "'");
        };
    }
}
