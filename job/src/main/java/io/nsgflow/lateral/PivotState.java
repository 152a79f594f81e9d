package io.nsgflow.lateral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the pivot-chain detector keeps: admin-port hops within its horizon and the chains found. A Flink POJO. */
public class PivotState {

    /** Offered, not yet processed: processed in event-time order once the watermark passes them. */
    public List<AdminHop> pending = new ArrayList<>();
    /** Processed hops within the chain horizon. */
    public List<AdminHop> hops = new ArrayList<>();
    /** By the key of the chain's first hop. */
    public Map<String, PivotEpisode> episodes = new HashMap<>();

    public PivotState() {}

    /** A chain found, by its first hop: the best path so far (longest, then earliest). A Flink POJO. */
    public static class PivotEpisode {
        public String id;
        public List<AdminHop> path = new ArrayList<>();
        /** The revision the next emission carries (0 first). */
        public long revision;

        public PivotEpisode() {}
    }
}
