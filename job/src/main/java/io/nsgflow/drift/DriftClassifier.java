package io.nsgflow.drift;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;

/**
 * What a judged flow's difference from the policy is, if any: at most one finding, of the first
 * type that applies: unexpected allow, unexpected deny, unknown rule, rule mismatch.
 */
public final class DriftClassifier {

    private DriftClassifier() {}

    /** The drift of an evaluated flow, or null when it agrees with the policy or was not judged. */
    public static DriftType classify(EvaluatedFlow e) {
        if (!e.getJudged() || e.getExpected() == null || e.getObserved() == null) {
            return null;
        }
        Judgement observed = e.getObserved();
        Judgement expected = e.getExpected();
        if (observed.getDecision() == Decision.ALLOW && expected.getDecision() == Decision.DENY) {
            return DriftType.UNEXPECTED_ALLOW;
        }
        if (observed.getDecision() == Decision.DENY && expected.getDecision() == Decision.ALLOW) {
            return DriftType.UNEXPECTED_DENY;
        }
        if (!e.getLoggedRuleExists()) {
            return DriftType.UNKNOWN_RULE;
        }
        if (!e.getLoggedRuleExpected()) {
            return DriftType.RULE_MISMATCH;
        }
        return null;
    }
}
