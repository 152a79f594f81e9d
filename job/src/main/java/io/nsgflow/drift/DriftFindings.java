package io.nsgflow.drift;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.flowlog.FlowRecord;

/** The drift finding of a judged flow. */
public final class DriftFindings {

    private DriftFindings() {}

    /** The finding, or null when the flow was consistent with the policy or not judged. */
    public static DriftFinding of(EvaluatedFlow e) {
        DriftType type = DriftClassifier.classify(e);
        if (type == null) {
            return null;
        }
        FlowRecord f = e.getFlow();
        return DriftFinding.newBuilder()
                .setEventTime(f.getEventTime())
                .setType(type)
                .setSrcIp(f.getSrcIp())
                .setSrcPort(f.getSrcPort())
                .setDstIp(f.getDstIp())
                .setDstPort(f.getDstPort())
                .setProtocol(f.getProtocol())
                .setDirection(f.getDirection())
                .setObserved(e.getObserved())
                .setExpected(e.getExpected())
                .setPolicyVersion(e.getPolicyVersion())
                .setNicId(e.getNicId())
                .setNicName(e.getNicName())
                .setMac(f.getMac())
                .setLogFormat(f.getLogFormat())
                .setFlowLogResourceId(f.getFlowLogResourceId() != null ? f.getFlowLogResourceId() : f.getNsgResourceId())
                .setFlowLogGuid(f.getFlowLogGuid())
                .setSystemId(f.getSystemId())
                .setAclId(f.getAclId())
                .setTargetResourceId(f.getTargetResourceId())
                .setRecordTime(f.getRecordTime())
                .build();
    }
}
