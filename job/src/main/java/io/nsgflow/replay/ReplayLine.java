package io.nsgflow.replay;

import java.util.Objects;

/** One line of replay output: which file it goes to, and the JSON. A Flink POJO. */
public class ReplayLine {

    public static final String DRIFT = "drift";
    public static final String ALERTS = "alerts";
    public static final String REJECTED = "rejected";
    public static final String UNJUDGED = "unjudged";
    public static final String AGGREGATES = "aggregates";
    public static final String WEBHOOKS = "webhooks";
    /** Not written to a file: per-subtask counts of evaluated flows, summed into the summary. */
    public static final String COUNTS = "counts";

    public String kind;
    public String json;

    public ReplayLine() {}

    public ReplayLine(String kind, String json) {
        this.kind = kind;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplayLine l && Objects.equals(kind, l.kind) && Objects.equals(json, l.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, json);
    }

    @Override
    public String toString() {
        return kind + " " + json;
    }
}
