package io.nsgflow.flowlog;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The record-level {@code time} of Azure logs, e.g. {@code 2018-11-13T12:00:35.3899262Z}. */
final class IsoTime {

    private IsoTime() {}

    /** Epoch milliseconds, or null when the text is not an ISO-8601 date-time with offset. */
    static Long epochMillis(String text) {
        if (text.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
