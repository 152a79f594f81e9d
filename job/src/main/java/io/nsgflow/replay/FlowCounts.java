package io.nsgflow.replay;

import io.nsgflow.drift.DriftClassifier;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.UnjudgedReasons;
import io.nsgflow.flowlog.ConnectionStarts;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * What happened to the evaluated flows of one replay: a Flink accumulator, added to by every
 * subtask and merged into the job's result (and read live through its client).
 */
public final class FlowCounts implements Accumulator<EvaluatedFlow, FlowCounts> {

    private static final long serialVersionUID = 1L;

    /** The accumulator's name. */
    public static final String NAME = "replay.flows";

    long flows;
    long judged;
    long notJudged;
    /** Continuing and end tuples: they belong to a connection judged when it began. */
    long notStarts;
    final EnumMap<DriftType, Long> drift = new EnumMap<>(DriftType.class);
    /** Connection starts not judged, by the kind of reason (see {@link UnjudgedReasons}). */
    final Map<String, Long> notJudgedByKind = new LinkedHashMap<>();

    @Override
    public void add(EvaluatedFlow e) {
        flows++;
        if (e.getJudged()) {
            judged++;
        } else if (e.getUnjudgedReason() != null) {
            notJudged++;
            notJudgedByKind.merge(UnjudgedReasons.kindOf(e.getUnjudgedReason()), 1L, Long::sum);
        } else if (!ConnectionStarts.begins(e.getFlow())) {
            notStarts++;
        }
        DriftType type = DriftClassifier.classify(e);
        if (type != null) {
            drift.merge(type, 1L, Long::sum);
        }
    }

    public long flows() {
        return flows;
    }

    public long judged() {
        return judged;
    }

    public long notJudged() {
        return notJudged;
    }

    public long notStarts() {
        return notStarts;
    }

    public long drift(DriftType type) {
        return drift.getOrDefault(type, 0L);
    }

    public long drift() {
        return drift.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Connection starts not judged, by the explanation of their reason's kind. */
    public Map<String, Long> notJudgedByKind() {
        return Map.copyOf(notJudgedByKind);
    }

    @Override
    public FlowCounts getLocalValue() {
        return this;
    }

    @Override
    public void resetLocal() {
        flows = 0;
        judged = 0;
        notJudged = 0;
        notStarts = 0;
        drift.clear();
        notJudgedByKind.clear();
    }

    @Override
    public void merge(Accumulator<EvaluatedFlow, FlowCounts> other) {
        FlowCounts o = other.getLocalValue();
        flows += o.flows;
        judged += o.judged;
        notJudged += o.notJudged;
        notStarts += o.notStarts;
        o.drift.forEach((t, n) -> drift.merge(t, n, Long::sum));
        o.notJudgedByKind.forEach((k, n) -> notJudgedByKind.merge(k, n, Long::sum));
    }

    @Override
    public FlowCounts clone() {
        FlowCounts c = new FlowCounts();
        c.merge(this);
        return c;
    }
}
