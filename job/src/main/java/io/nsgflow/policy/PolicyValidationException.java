package io.nsgflow.policy;

/** Policy input that cannot be used; the message names the resource and the field. */
public class PolicyValidationException extends Exception {

    private final String resource;
    private final String field;

    public PolicyValidationException(String resource, String field, String reason) {
        super(resource + (field == null ? "" : ": " + field) + ": " + reason);
        this.resource = resource;
        this.field = field;
    }

    /** The resource, e.g. {@code networkSecurityGroup 'nsg-web'}. */
    public String resource() {
        return resource;
    }

    /** The field path, e.g. {@code securityRules[2].priority}, or null. */
    public String field() {
        return field;
    }
}
