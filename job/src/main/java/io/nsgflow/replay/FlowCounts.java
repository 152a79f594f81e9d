package io.nsgflow.replay;

import io.nsgflow.drift.DriftClassifier;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.EvaluatedFlow;

/** What happened to the flows of one replay (or one subtask of it). A Flink POJO. */
public class FlowCounts {

    public long flows;
    public long judged;
    public long notJudged;
    public long unexpectedAllow;
    public long unexpectedDeny;
    public long unknownRule;
    public long ruleMismatch;

    public FlowCounts() {}

    public void add(EvaluatedFlow e) {
        flows++;
        if (e.getJudged()) {
            judged++;
        } else if (e.getUnjudgedReason() != null) {
            notJudged++;
        }
        DriftType drift = DriftClassifier.classify(e);
        if (drift != null) {
            add(drift, 1);
        }
    }

    public void add(FlowCounts o) {
        flows += o.flows;
        judged += o.judged;
        notJudged += o.notJudged;
        unexpectedAllow += o.unexpectedAllow;
        unexpectedDeny += o.unexpectedDeny;
        unknownRule += o.unknownRule;
        ruleMismatch += o.ruleMismatch;
    }

    public long drift(DriftType type) {
        return switch (type) {
            case UNEXPECTED_ALLOW -> unexpectedAllow;
            case UNEXPECTED_DENY -> unexpectedDeny;
            case UNKNOWN_RULE -> unknownRule;
            case RULE_MISMATCH -> ruleMismatch;
        };
    }

    private void add(DriftType type, long n) {
        switch (type) {
            case UNEXPECTED_ALLOW -> unexpectedAllow += n;
            case UNEXPECTED_DENY -> unexpectedDeny += n;
            case UNKNOWN_RULE -> unknownRule += n;
            case RULE_MISMATCH -> ruleMismatch += n;
        }
    }
}
