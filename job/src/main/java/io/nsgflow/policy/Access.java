package io.nsgflow.policy;

import java.util.Locale;

/** The decision of a rule. */
public enum Access {
    ALLOW("Allow"),
    DENY("Deny");

    private final String azureName;

    Access(String azureName) {
        this.azureName = azureName;
    }

    /** As Azure writes it: Allow, Deny. */
    public String azureName() {
        return azureName;
    }

    public static Access parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "allow" -> ALLOW;
            case "deny" -> DENY;
            default -> throw new IllegalArgumentException("access must be Allow or Deny, not '" + text + "'");
        };
    }
}
