package io.nsgflow.flowlog;

/** The name of the NSG that wrote a flow-log line, as far as the line itself tells it. */
public final class LoggedNsgNames {

    private LoggedNsgNames() {}

    /**
     * The last segment of an NSG flow log's {@code resourceId} or of a VNet flow log's
     * {@code aclID} when that is a resource id, else the {@code aclID} itself (which may be the
     * NSG's resourceGuid), else null.
     */
    public static String fromLog(FlowRecord f) {
        String id = f.getNsgResourceId() != null ? f.getNsgResourceId() : f.getAclId();
        return id == null ? null : id.substring(id.lastIndexOf('/') + 1);
    }

    /** What the line names its NSG by, as logged: the NSG log's resourceId, else the VNet log's aclID. */
    public static String loggedId(FlowRecord f) {
        return f.getNsgResourceId() != null ? f.getNsgResourceId() : f.getAclId();
    }
}
