package io.nsgflow.flowlog;

import java.util.HashMap;
import java.util.Map;

/**
 * Event-time progress of one reader's input, kept per partition: the watermark is the slowest
 * active partition's (its highest event time less the out-of-orderness), not that of the
 * partitions' records interleaved. A reader that catches up on a backlog of several Kafka
 * partitions gets a batch of one partition before the other; with one watermark over the
 * interleaved stream the second partition's records would come behind it, late.
 *
 * <p>A partition without input for {@code idleness} stops holding the watermark back (0: never).
 * That time counts only while the input flows: a gap in which nothing arrived from any partition
 * for {@code idleness} or longer (the job was back-pressured, or the whole input was quiet) is
 * not counted, so after an outage no partition counts as idle just because the reader was stalled.
 * The whole input is idle after {@code idleness} without any input.
 */
public final class PartitionWatermarks {

    private final long outOfOrderness;
    private final long idleness;
    private final Map<String, Partition> partitions = new HashMap<>();
    /** The partition of the last {@link #onEventTime} call, by identity of its name. */
    private String lastName;
    private Partition lastPartition;
    /** Processing time, without the gaps of {@code idleness} or more. */
    private long activeClock;
    private long lastInput;

    private static final class Partition {
        long maxEventTime = Long.MIN_VALUE;
        long lastInput;
    }

    /**
     * @param outOfOrdernessMillis how far behind the highest event time a record may still come
     * @param idlenessMillis       input-less time after which a partition no longer holds the watermark; 0 never
     * @param now                  processing time at start
     */
    public PartitionWatermarks(long outOfOrdernessMillis, long idlenessMillis, long now) {
        if (outOfOrdernessMillis < 0 || idlenessMillis < 0) {
            throw new IllegalArgumentException("out-of-orderness and idleness must not be negative");
        }
        this.outOfOrderness = outOfOrdernessMillis;
        this.idleness = idlenessMillis;
        this.lastInput = now;
    }

    /** Input (a payload, decodable or not) arrived from {@code partition} at processing time {@code now}. */
    public void onInput(String partition, long now) {
        long gap = Math.max(0, now - lastInput);
        if (idleness == 0 || gap < idleness) {
            activeClock += gap;
        }
        lastInput = now;
        partitions.computeIfAbsent(partition, p -> new Partition()).lastInput = activeClock;
    }

    /**
     * {@code partition} is expected to deliver (it did before a restore or a rescale): until it does,
     * it holds the watermark where it is, for at most {@code idleness} of flowing input. Ignored
     * when idleness is off (a partition now read by another reader would hold it for ever).
     */
    public void expect(String partition) {
        if (idleness > 0) {
            partitions.computeIfAbsent(partition, p -> new Partition()).lastInput = activeClock;
        }
    }

    /** The partitions seen or expected. */
    public java.util.Set<String> partitions() {
        return java.util.Set.copyOf(partitions.keySet());
    }

    /** A record with {@code eventTime} came from {@code partition} (after {@link #onInput}). */
    public void onEventTime(String partition, long eventTime) {
        // called per tuple, with the same partition for all tuples of a payload: no map lookup then
        Partition p = partition == lastName ? lastPartition : partitions.computeIfAbsent(partition, x -> new Partition());
        lastName = partition;
        lastPartition = p;
        p.maxEventTime = Math.max(p.maxEventTime, eventTime);
    }

    /** Whether nothing arrived from any partition for {@code idleness}. */
    public boolean idle(long now) {
        return idleness > 0 && now - lastInput >= idleness;
    }

    /**
     * The watermark now: the lowest over the active partitions of their highest event time less the
     * out-of-orderness (less 1 ms, as Flink's bounded out-of-orderness has it); {@link Long#MIN_VALUE}
     * while an active partition has given no event time yet, or none is active.
     */
    public long watermark(long now) {
        long clock = activeClock + (idleness == 0 || now - lastInput < idleness ? Math.max(0, now - lastInput) : 0);
        long min = Long.MAX_VALUE;
        for (Partition p : partitions.values()) {
            if (idleness > 0 && clock - p.lastInput >= idleness) {
                continue;
            }
            if (p.maxEventTime == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            min = Math.min(min, p.maxEventTime - outOfOrderness - 1);
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }
}
