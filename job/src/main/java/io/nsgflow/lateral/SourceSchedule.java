package io.nsgflow.lateral;

/**
 * What {@link LateralDetectorFunction} must know of a source on every connection without reading
 * its {@link SourceState}: how many connections wait for the watermark (the cap's count) and the
 * earliest event-time timer registered for them (one is enough). A Flink POJO (keyed value state).
 */
public class SourceSchedule {

    /** Connections in the operator's waiting list state. */
    public int waiting;
    /** The earliest event-time timer registered for this source, or Long.MAX_VALUE. */
    public long timerAt = Long.MAX_VALUE;

    public SourceSchedule() {}
}
