package io.nsgflow.flowlog;

import java.util.ArrayList;
import java.util.List;

/** Fields of one log record, collected in any order before its tuples are decoded. */
final class LogRecordState {
    final int index;
    final String path; // prefix for paths inside the record: "" or "records[3]."
    final long offset;
    final List<TupleGroup> groups = new ArrayList<>();
    String time;
    String resourceId;
    String macAddress;
    String systemId;
    String flowLogGuid;
    String category;
    String flowLogResourceId;
    String targetResourceId;
    String nsgVersion;
    String vnetVersion;
    boolean nsgFlows;
    boolean vnetFlows;
    boolean wrapper;
    boolean unexpected;
    RejectReason problemReason;
    String problemMessage;

    LogRecordState(int index, String path, long offset) {
        this.index = index;
        this.path = path;
        this.offset = offset;
    }

    boolean hasFlowData() {
        return nsgFlows || vnetFlows;
    }

    int tupleCount() {
        int n = 0;
        for (TupleGroup g : groups) {
            n += g.tuples.size();
        }
        return n;
    }

    void problem(RejectReason reason, String message) {
        if (problemReason == null) {
            problemReason = reason;
            problemMessage = message;
        }
    }
}
