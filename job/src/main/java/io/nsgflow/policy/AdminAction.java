package io.nsgflow.policy;

import java.util.Locale;

/**
 * The action of an Azure Virtual Network Manager security admin rule. Admin rules are evaluated
 * before any NSG: {@code Deny} drops the flow (no NSG is evaluated), {@code AlwaysAllow} allows it
 * (the NSGs are not evaluated and cannot deny it), {@code Allow} lets the NSGs decide as usual.
 */
public enum AdminAction {
    ALLOW("Allow"),
    ALWAYS_ALLOW("AlwaysAllow"),
    DENY("Deny");

    private final String azureName;

    AdminAction(String azureName) {
        this.azureName = azureName;
    }

    /** As Azure writes it: Allow, AlwaysAllow, Deny. */
    public String azureName() {
        return azureName;
    }

    /** Whether the rule decides the flow itself (Deny, AlwaysAllow), so that no NSG is evaluated. */
    public boolean decides() {
        return this != ALLOW;
    }

    /** The flow's access when the rule decides it. */
    public Access access() {
        return this == DENY ? Access.DENY : Access.ALLOW;
    }

    public static AdminAction parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "allow" -> ALLOW;
            case "alwaysallow" -> ALWAYS_ALLOW;
            case "deny" -> DENY;
            default -> throw new IllegalArgumentException("access must be Allow, AlwaysAllow or Deny, not '" + text + "'");
        };
    }
}
