package io.nsgflow.lateral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads allow-lists: a file of JSON lines (blank lines and lines starting with {@code #} are
 * skipped), or a policy-topic message {@code {"lateralAllowList": [entries]}}. Every mistake names
 * where it is: the option or message, the line (or entry) number and the field.
 */
public final class AllowLists {

    /** The field that makes a policy-topic message an allow-list. */
    public static final String MESSAGE_FIELD = "lateralAllowList";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("source", "destination", "ports", "detectors", "expires", "reason");

    private AllowLists() {}

    /** The file named by an option; {@code option} names it in every error. */
    public static AllowList readFile(String file, String option) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
        }
        return read(text, option + " (" + file + ")");
    }

    /** JSON lines; {@code where} prefixes every error. */
    public static AllowList read(String text, String where) {
        List<AllowListEntry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = where + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(at + ": not JSON: " + e.getOriginalMessage());
            }
            entries.add(entry(node, at));
        }
        return new AllowList(entries, where);
    }

    /** Whether a policy-topic message is an allow-list (a JSON object with {@link #MESSAGE_FIELD}). */
    public static boolean isMessage(JsonNode root) {
        return root != null && root.isObject() && root.has(MESSAGE_FIELD);
    }

    /** A policy-topic allow-list message. */
    public static AllowList message(JsonNode root, String where) {
        JsonNode list = root.get(MESSAGE_FIELD);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(where + ": field '" + MESSAGE_FIELD + "' must be an array of entries");
        }
        List<AllowListEntry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), where + " entry " + (i + 1)));
        }
        return new AllowList(entries, where);
    }

    static AllowListEntry entry(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": an entry must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(at + ": field '" + f + "' is unknown (known: " + String.join(", ",
                        List.of("source", "destination", "ports", "detectors", "expires", "reason")) + ")");
            }
        }
        AllowListEntry e = new AllowListEntry();
        JsonNode source = node.get("source");
        if (source == null || !source.isTextual()) {
            throw new IllegalArgumentException(at + ": field 'source' is required (a CIDR)");
        }
        e.source = cidr(source.asText(), at, "source");
        JsonNode dst = node.get("destination");
        if (dst != null && !dst.isNull()) {
            if (!dst.isTextual()) {
                throw new IllegalArgumentException(at + ": field 'destination' must be a CIDR");
            }
            e.destination = cidr(dst.asText(), at, "destination");
        }
        JsonNode ports = node.get("ports");
        if (ports != null && !ports.isNull()) {
            if (!ports.isArray()) {
                throw new IllegalArgumentException(at + ": field 'ports' must be an array of ports");
            }
            for (JsonNode p : ports) {
                if (!p.isInt() || p.asInt() < 0 || p.asInt() > 65535) {
                    throw new IllegalArgumentException(at + ": field 'ports': " + p + " is not a port (0-65535)");
                }
                e.ports.add(p.asInt());
            }
        }
        JsonNode detectors = node.get("detectors");
        if (detectors != null && !detectors.isNull()) {
            if (!detectors.isArray()) {
                throw new IllegalArgumentException(at + ": field 'detectors' must be an array of detector names");
            }
            for (JsonNode d : detectors) {
                String name = d.asText().startsWith("lateral.") ? d.asText().substring("lateral.".length()) : d.asText();
                if (!d.isTextual() || !Detector.NAMES.contains(name)) {
                    throw new IllegalArgumentException(at + ": field 'detectors': " + d + " is not a detector (one of "
                            + String.join(", ", Detector.NAMES) + ")");
                }
                e.detectors.add(name);
            }
        }
        JsonNode expires = node.get("expires");
        if (expires != null && !expires.isNull()) {
            try {
                e.expires = Instant.parse(expires.asText()).toEpochMilli();
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException(at + ": field 'expires': '" + expires.asText()
                        + "' is not an ISO-8601 time such as 2026-12-31T00:00:00Z");
            }
        }
        JsonNode reason = node.get("reason");
        e.reason = reason == null || reason.isNull() ? null : reason.asText();
        return e;
    }

    private static String cidr(String text, String at, String field) {
        if (AllowListEntry.prefix(text) == null) {
            throw new IllegalArgumentException(at + ": field '" + field + "': '" + text + "' is not a CIDR or address");
        }
        return text;
    }
}
