package io.nsgflow.policy;

/** An ASG; its members are the NIC IP configurations that list it. */
public record ApplicationSecurityGroup(String id, String name) implements PolicyResource {

    @Override
    public String kind() {
        return "applicationSecurityGroup";
    }
}
