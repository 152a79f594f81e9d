package io.nsgflow.flowlog;

/** The name of the NSG that wrote a flow-log line, as far as the line itself tells it. */
public final class LoggedNsgNames {

    private LoggedNsgNames() {}

    /**
     * The last segment of an NSG flow log's {@code resourceId}, else a VNet flow log's
     * {@code aclID} (which may be the NSG's resourceGuid), else null.
     */
    public static String fromLog(FlowRecord f) {
        String id = f.getNsgResourceId();
        if (id != null) {
            return id.substring(id.lastIndexOf('/') + 1);
        }
        return f.getAclId();
    }
}
