package io.nsgflow.flowlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.nsgflow.net.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Azure NSG flow logs (Version 1 and 2) and VNet flow logs (flowLogVersion 4) into one
 * {@link FlowRecord} per flow tuple, with Jackson's streaming parser (no tree per record).
 *
 * <p>A payload may hold a {@code {"records":[...]}} document, a single record, or several of
 * either separated by whitespace (JSON lines). Each bad tuple is rejected on its own; a document
 * that is not readable JSON is rejected whole (its tuples are not emitted) and decoding resumes
 * at the next line that starts with {@code {}. Unknown fields are ignored, but flow data in an
 * unexpected place (e.g. a {@code records} array nested in a record, as in Microsoft's malformed
 * v1 sample) is rejected. Nothing is thrown: every problem is a {@link Rejection}.
 *
 * <p>Output is streamed: a record's FlowRecords go to the {@link Output} as soon as the record's
 * closing brace is read (its fields may come in any order, so its tuples wait for the record, no
 * longer), and rejections as they are found; nothing is collected per payload. So when a document
 * turns out unreadable part-way (truncated), the records completed before the error have been
 * emitted, and the UNREADABLE rejection covers the rest.
 *
 * <p>Thread-safe: all per-payload state lives in a {@link Run}.
 */
public final class FlowLogDecoder {

    /** Default size of rejection excerpts, in characters. */
    public static final int DEFAULT_EXCERPT_CHARS = 512;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final int excerptChars;

    public FlowLogDecoder() {
        this(DEFAULT_EXCERPT_CHARS);
    }

    /** @param excerptChars maximum length of {@link Rejection#excerpt()} */
    public FlowLogDecoder(int excerptChars) {
        if (excerptChars < 1) {
            throw new IllegalArgumentException("excerptChars must be positive, was " + excerptChars);
        }
        this.excerptChars = excerptChars;
    }

    /** Where decoded tuples and rejections go, in payload order. */
    public interface Output {
        void flowRecord(FlowRecord r);

        void rejection(Rejection r);
    }

    /**
     * What a payload gave besides its output.
     *
     * @param logRecords  log records decoded (elements of {@code records}, or single records)
     * @param extraFields fields found in tuples past those their format defines (the tuples are kept)
     */
    public record Counts(int logRecords, int extraFields) {}

    /** Decodes the payload into lists (for tools and tests; the job streams with {@link #decode(byte[], int, int, Output)}). */
    public DecodeResult decode(byte[] payload) {
        List<FlowRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Counts counts = decode(payload, 0, payload.length, new Output() {
            @Override
            public void flowRecord(FlowRecord r) {
                records.add(r);
            }

            @Override
            public void rejection(Rejection r) {
                rejections.add(r);
            }
        });
        return new DecodeResult(records, rejections, counts.logRecords(), counts.extraFields());
    }

    /** Decodes {@code payload[offset, offset + length)}, handing each FlowRecord and rejection to {@code out} as found. */
    public Counts decode(byte[] payload, int offset, int length, Output out) {
        Run run = new Run(payload, offset, offset + length, excerptChars, out);
        try {
            run.decodeAll();
        } catch (RuntimeException | StackOverflowError e) {
            // last line of defence: a bug here must not take the job down with the payload
            run.internalError(e);
        }
        return new Counts(run.logRecords, run.extraFields);
    }

    /** State of decoding one payload. */
    private static final class Run {
        private final byte[] data;
        private final int end;
        /** Where the search for the next rejected tuple starts: tuples are rejected in document order. */
        private long tupleSearchFrom;
        private final int excerptChars;
        private final FlowTupleParser tupleParser = new FlowTupleParser();
        private final TupleContext ctx = new TupleContext();
        private final Output out;
        int logRecords;
        int extraFields;

        private int position;
        private int parserBase; // payload index where the current parser's input starts
        private int document;
        private long docOffset;

        Run(byte[] data, int start, int end, int excerptChars, Output out) {
            this.data = data;
            this.position = start;
            this.end = end;
            this.excerptChars = excerptChars;
            this.out = out;
        }

        private void reject(Rejection r) {
            out.rejection(r);
        }

        void decodeAll() {
            while ((position = skipWhitespaceFrom(position)) < end) {
                JsonParser p;
                int parserStart = position;
                parserBase = parserStart;
                try {
                    p = JSON.createParser(data, parserStart, end - parserStart);
                } catch (IOException e) {
                    rejectUnreadable(position, e.getMessage());
                    return;
                }
                try (p) {
                    JsonToken t;
                    while (true) {
                        // where the next document starts, in case it fails on its first token
                        docOffset = skipWhitespaceFrom(parserStart + (int) byteOffset(p.currentLocation()));
                        t = p.nextToken();
                        if (t == null) {
                            position = end;
                            break;
                        }
                        docOffset = parserStart + byteOffset(p.currentTokenLocation());
                        decodeDocument(p, t);
                        document++;
                    }
                } catch (IOException | RuntimeException e) {
                    // JsonProcessingException and Jackson's constraint violations: the document is unreadable
                    long errorAt = parserStart + Math.max(0, errorOffset(e, p));
                    int resume = nextLineStartingAnObject((int) Math.max(docOffset + 1, errorAt - 2));
                    rejectUnreadable(docOffset, readableMessage(e));
                    document++;
                    position = resume;
                }
            }
        }

        /** Where the parser failed, relative to the parser's start. */
        private static long errorOffset(Exception e, JsonParser p) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    && jpe.getLocation().getByteOffset() >= 0) {
                return jpe.getLocation().getByteOffset();
            }
            return byteOffset(p.currentLocation());
        }

        /**
         * Jackson's byte offset; 0 (the parser's start) when unknown, which happens when it detected
         * UTF-16/32 input from NUL bytes and counts characters instead.
         */
        private static long byteOffset(com.fasterxml.jackson.core.JsonLocation location) {
            return Math.max(0, location.getByteOffset());
        }

        private int skipWhitespaceFrom(int from) {
            int i = Math.max(from, 0);
            while (i < end && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) {
                i++;
            }
            return i;
        }

        private int nextLineStartingAnObject(int from) {
            for (int i = Math.max(from, 0); i + 1 < end; i++) {
                if (data[i] == '\n' && data[i + 1] == '{') {
                    return i + 1;
                }
            }
            return end;
        }

        private void rejectUnreadable(long offset, String message) {
            reject(new Rejection(RejectReason.UNREADABLE, "document is not readable JSON: " + message,
                    excerptAt(offset), document, -1, "", offset));
        }

        void internalError(Throwable e) {
            reject(new Rejection(RejectReason.UNREADABLE,
                    "decoder failed on this document (" + e.getClass().getSimpleName() + "); please report it",
                    excerptAt(docOffset), document, -1, "", docOffset));
        }

        private static String readableMessage(Exception e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            if (m == null) {
                m = e.getClass().getSimpleName();
            }
            m = m.replace('\n', ' ');
            return m.length() > 300 ? m.substring(0, 300) + "..." : m;
        }

        private String excerptAt(long offset) {
            int from = (int) Math.min(Math.max(offset, 0), end);
            int len = Math.min(end - from, excerptChars * 4);
            String s = new String(data, from, len, StandardCharsets.UTF_8);
            return cut(s);
        }

        private String cut(String s) {
            return s.length() > excerptChars ? s.substring(0, excerptChars) : s;
        }

        private long offsetOf(JsonParser p) {
            return parserBase + byteOffset(p.currentTokenLocation());
        }

        // ---- document and records ----

        private void decodeDocument(JsonParser p, JsonToken first) throws IOException {
            if (first != JsonToken.START_OBJECT) {
                String found = first.asString() != null ? first.asString() : first.name();
                p.skipChildren();
                reject(new Rejection(RejectReason.UNREADABLE,
                        "expected a JSON object ({\"records\":[...]} or a record), found " + found,
                        excerptAt(docOffset), document, -1, "", docOffset));
                return;
            }
            LogRecordState root = new LogRecordState(0, "", docOffset);
            readRecordFields(p, root, true);
            if (root.wrapper && !root.hasFlowData() && root.problemReason == null) {
                return; // a {"records":[...]} wrapper
            }
            finishRecord(root);
        }

        private void readRecordsArray(JsonParser p, LogRecordState rootState) throws IOException {
            rootState.wrapper = true;
            if (p.currentToken() != JsonToken.START_ARRAY) {
                reject(new Rejection(RejectReason.STRUCTURE, "'records' is not an array",
                        excerptAt(docOffset), document, -1, "records", docOffset));
                p.skipChildren();
                return;
            }
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String path = "records[" + index + "]";
                long offset = offsetOf(p);
                if (t != JsonToken.START_OBJECT) {
                    reject(new Rejection(RejectReason.STRUCTURE, "record is not a JSON object",
                            excerptAt(offset), document, index, path, offset));
                    p.skipChildren();
                } else {
                    LogRecordState rs = new LogRecordState(index, path + ".", offset);
                    readRecordFields(p, rs, false);
                    finishRecord(rs);
                }
                index++;
            }
        }

        private void readRecordFields(JsonParser p, LogRecordState rs, boolean root) throws IOException {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "time" -> rs.time = stringField(p, t, rs, "time");
                    case "resourceId" -> rs.resourceId = stringField(p, t, rs, "resourceId");
                    case "macAddress" -> rs.macAddress = stringField(p, t, rs, "macAddress");
                    case "systemId" -> rs.systemId = stringField(p, t, rs, "systemId");
                    case "flowLogGUID" -> rs.flowLogGuid = stringField(p, t, rs, "flowLogGUID");
                    case "category" -> rs.category = stringField(p, t, rs, "category");
                    case "flowLogResourceID" -> rs.flowLogResourceId = stringField(p, t, rs, "flowLogResourceID");
                    case "targetResourceID" -> rs.targetResourceId = stringField(p, t, rs, "targetResourceID");
                    case "flowLogVersion" -> rs.vnetVersion = scalarText(p, t, rs, "flowLogVersion");
                    case "properties" -> readProperties(p, t, rs);
                    case "flowRecords" -> readFlowRecords(p, t, rs);
                    case "records" -> {
                        if (root) {
                            readRecordsArray(p, rs);
                        } else {
                            long offset = offsetOf(p);
                            rs.unexpected = true;
                            reject(new Rejection(RejectReason.UNEXPECTED_FLOW_DATA,
                                    "a 'records' array nested inside a record (the shape of Microsoft's malformed"
                                            + " v1 sample); flow logs have 'records' only at the top level, so it is"
                                            + " not decoded",
                                    cut(excerptAt(offset)), document, rs.index, rs.path + "records", rs.offset));
                            p.skipChildren();
                        }
                    }
                    default -> skipChecking(p, rs, rs.path, name);
                }
            }
        }

        private String stringField(JsonParser p, JsonToken t, LogRecordState rs, String name) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                rs.problem(RejectReason.STRUCTURE, "'" + name + "' is not a string");
                p.skipChildren();
            }
            return null;
        }

        private String scalarText(JsonParser p, JsonToken t, LogRecordState rs, String name) throws IOException {
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                rs.problem(RejectReason.STRUCTURE, "'" + name + "' is not a number");
                p.skipChildren();
            }
            return null;
        }

        /** NSG: properties {Version, flows: [ {rule, flows: [ {mac, flowTuples: [...]} ]} ]}. */
        private void readProperties(JsonParser p, JsonToken t, LogRecordState rs) throws IOException {
            String path = rs.path + "properties";
            if (t != JsonToken.START_OBJECT) {
                structure(p, rs, path, "'properties' is not an object");
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (name.equals("Version") || name.equals("version")) {
                    rs.nsgVersion = scalarText(p, v, rs, name);
                } else if (name.equals("flows")) {
                    rs.nsgFlows = true;
                    readGroups(p, v, rs, path + ".flows", "flows", NSG_GROUPS, null, false);
                } else {
                    skipChecking(p, rs, path + ".", name);
                }
            }
        }

        /** Reads the objects of a JSON array; what is not an array or not an object is rejected as STRUCTURE. */
        private void forEachObject(JsonParser p, JsonToken t, LogRecordState rs, String path, String arrayName,
                String itemKind, ItemReader item) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                structure(p, rs, path, "'" + arrayName + "' is not an array");
                return;
            }
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String itemPath = path + "[" + i++ + "]";
                if (t != JsonToken.START_OBJECT) {
                    structure(p, rs, itemPath, itemKind + " is not an object");
                    continue;
                }
                item.read(itemPath);
            }
        }

        /**
         * The two levels of flow groups, the same walk for both formats: NSG {@code flows: [ {rule,
         * flows: [ {mac, flowTuples} ]} ]}, VNet {@code flows: [ {aclID, flowGroups: [ {rule,
         * flowTuples} ]} ]}. Each level's object has one string (its label) and one array (the next
         * level, or the tuples).
         */
        private record GroupLevel(String itemKind, String label, String array, GroupLevel next) {}

        private static final GroupLevel NSG_GROUPS =
                new GroupLevel("rule group", "rule", "flows", new GroupLevel("flow group", "mac", "flowTuples", null));
        private static final GroupLevel VNET_GROUPS =
                new GroupLevel("ACL flow", "aclID", "flowGroups", new GroupLevel("flow group", "rule", "flowTuples", null));

        /** Reads a level's array of groups; {@code parent} is null on the outer level. */
        private void readGroups(JsonParser p, JsonToken t, LogRecordState rs, String path, String arrayName,
                GroupLevel level, TupleGroupParent parent, boolean vnet) throws IOException {
            forEachObject(p, t, rs, path, arrayName, level.itemKind(), itemPath -> {
                TupleGroupParent outer = level.next() != null ? new TupleGroupParent() : null;
                TupleGroup g = outer == null ? new TupleGroup(parent, vnet, itemPath) : null;
                if (g != null) {
                    rs.groups.add(g);
                }
                String name;
                while ((name = p.nextFieldName()) != null) {
                    JsonToken v = p.nextToken();
                    if (name.equals(level.label())) {
                        String label = groupString(p, v, rs, itemPath + "." + name);
                        if (outer != null) {
                            outer.label = label;
                        } else {
                            g.label = label;
                        }
                    } else if (name.equals(level.array())) {
                        if (outer != null) {
                            readGroups(p, v, rs, itemPath + "." + name, name, level.next(), outer, vnet);
                        } else {
                            readTuples(p, v, rs, g);
                        }
                    } else {
                        skipChecking(p, rs, itemPath + ".", name);
                    }
                }
            });
        }

        /** VNet: flowRecords {flows: [ {aclID, flowGroups: [ {rule, flowTuples: [...]} ]} ]}. */
        private void readFlowRecords(JsonParser p, JsonToken t, LogRecordState rs) throws IOException {
            String path = rs.path + "flowRecords";
            if (t != JsonToken.START_OBJECT) {
                structure(p, rs, path, "'flowRecords' is not an object");
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (name.equals("flows")) {
                    rs.vnetFlows = true;
                    readGroups(p, v, rs, path + ".flows", "flows", VNET_GROUPS, null, true);
                } else {
                    skipChecking(p, rs, path + ".", name);
                }
            }
        }

        private void readTuples(JsonParser p, JsonToken t, LogRecordState rs, TupleGroup g) throws IOException {
            String path = g.path + ".flowTuples";
            if (t != JsonToken.START_ARRAY) {
                structure(p, rs, path, "'flowTuples' is not an array");
                return;
            }
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_STRING) {
                    g.tuples.add(p.getText());
                } else {
                    // keep the index so later tuples keep their positions
                    g.tuples.add(null);
                    structure(p, rs, path + "[" + i + "]", "flow tuple is not a string");
                }
                i++;
            }
        }

        /** A string in a flow group (rule, mac, aclID); a wrong type is rejected with the group's tuples. */
        private String groupString(JsonParser p, JsonToken t, LogRecordState rs, String path) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                structure(p, rs, path, "not a string; ignored");
            }
            return null;
        }

        private void structure(JsonParser p, LogRecordState rs, String path, String message) throws IOException {
            reject(new Rejection(RejectReason.STRUCTURE, message, cut(excerptOfCurrent(p)), document,
                    rs.index, path, rs.offset));
            p.skipChildren();
        }

        private static String excerptOfCurrent(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                return t.asString();
            }
            return p.getText();
        }

        private static final java.util.Set<String> FLOW_DATA_NAMES =
                java.util.Set.of("records", "flows", "flowTuples", "flowGroups", "flowRecords");

        /**
         * Skips an unknown field's value; if flow data hides inside it (a field named like one that
         * carries flows), rejects it rather than dropping it silently.
         */
        private void skipChecking(JsonParser p, LogRecordState rs, String parentPath, String fieldName)
                throws IOException {
            String path = parentPath + fieldName;
            if (FLOW_DATA_NAMES.contains(fieldName)) {
                reject(new Rejection(RejectReason.UNEXPECTED_FLOW_DATA,
                        "flow data ('" + fieldName + "') in an unexpected place; not decoded",
                        cut(excerptOfCurrent(p)), document, rs.index, path, rs.offset));
                rs.unexpected = true;
                p.skipChildren();
                return;
            }
            JsonToken t = p.currentToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                return;
            }
            int depth = 1;
            while (depth > 0) {
                t = p.nextToken();
                if (t == null) {
                    return; // truncated: the parser reports it on the next read
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (FLOW_DATA_NAMES.contains(p.currentName())) {
                            String name = p.currentName();
                            reject(new Rejection(RejectReason.UNEXPECTED_FLOW_DATA,
                                    "flow data ('" + name + "') in an unexpected place; not decoded",
                                    cut(name), document, rs.index, path + ".." + name, rs.offset));
                            rs.unexpected = true;
                            // the rest of this value is skipped unchecked: one rejection per value
                            p.nextToken();
                            p.skipChildren();
                            depth = skipRest(p, depth);
                        }
                    }
                    default -> { }
                }
            }
        }

        /** Skips to the end of the value opened {@code depth} levels up; returns 0. */
        private static int skipRest(JsonParser p, int depth) throws IOException {
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return 0;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
            return 0;
        }

        // ---- turning a record's tuples into FlowRecords ----

        private void finishRecord(LogRecordState rs) {
            int tupleCount = rs.tupleCount();
            if (rs.problemReason != null) {
                rejectRecord(rs, rs.problemReason, rs.problemMessage, tupleCount);
                return;
            }
            if (!rs.hasFlowData()) {
                if (!rs.unexpected) {
                    rejectRecord(rs, RejectReason.STRUCTURE,
                            "record has no flow data (neither properties.flows nor flowRecords)"
                                    + (rs.category != null ? "; category '" + cut(rs.category) + "'" : ""), 0);
                }
                return;
            }
            Long recordTime = null;
            if (rs.time != null) {
                recordTime = IsoTime.epochMillis(rs.time);
                if (recordTime == null) {
                    rejectRecord(rs, RejectReason.TIMESTAMP,
                            "record time '" + cut(rs.time) + "' is not an ISO-8601 UTC time", tupleCount);
                    return;
                }
            }
            String recordMac = null;
            if (rs.macAddress != null) {
                recordMac = MacAddress.armFormat(rs.macAddress);
                if (recordMac == null) {
                    rejectRecord(rs, RejectReason.MAC,
                            "macAddress '" + cut(rs.macAddress) + "' is not a MAC address", tupleCount);
                    return;
                }
            }
            LogFormat nsgFormat = null;
            if (rs.nsgFlows) {
                nsgFormat = "1".equals(rs.nsgVersion) ? LogFormat.NSG_V1
                        : "2".equals(rs.nsgVersion) ? LogFormat.NSG_V2 : null;
                if (nsgFormat == null) {
                    rejectFormat(rs, false, rs.nsgVersion == null ? "NSG flow log record without properties.Version"
                            : "NSG flow log properties.Version '" + cut(rs.nsgVersion) + "' is not 1 or 2");
                }
            }
            boolean vnetOk = false;
            if (rs.vnetFlows) {
                vnetOk = "4".equals(rs.vnetVersion);
                if (!vnetOk) {
                    rejectFormat(rs, true, rs.vnetVersion == null ? "VNet flow log record without flowLogVersion"
                            : "VNet flowLogVersion '" + cut(rs.vnetVersion) + "' is not 4");
                }
            }
            logRecords++;
            ctx.recordTime = recordTime;
            ctx.targetResourceId = rs.targetResourceId;
            ctx.flowLogResourceId = rs.flowLogResourceId;
            ctx.flowLogGuid = rs.flowLogGuid;
            ctx.systemId = rs.systemId;
            ctx.recordMac = recordMac;
            for (TupleGroup g : rs.groups) {
                if (g.vnet ? !vnetOk : nsgFormat == null) {
                    continue;
                }
                ctx.format = g.vnet ? LogFormat.VNET_V4 : nsgFormat;
                ctx.nsgResourceId = g.vnet ? null : rs.resourceId;
                ctx.aclId = g.vnet ? g.parent.label : null;
                ctx.rule = g.vnet ? g.label : g.parent.label;
                ctx.mac = recordMac;
                String groupMac = g.vnet ? null : g.label;
                if (groupMac != null) {
                    ctx.mac = MacAddress.armFormat(groupMac);
                    if (ctx.mac == null) {
                        reject(new Rejection(RejectReason.MAC,
                                "mac '" + cut(groupMac) + "' is not a MAC address; " + g.tuples.size()
                                        + " tuple(s) of this group not decoded",
                                cut(groupMac), document, rs.index, g.path + ".mac", rs.offset));
                        continue;
                    }
                }
                decodeTuples(rs, g);
            }
        }

        private void decodeTuples(LogRecordState rs, TupleGroup g) {
            List<String> tuples = g.tuples;
            for (int i = 0, n = tuples.size(); i < n; i++) {
                String tuple = tuples.get(i);
                if (tuple == null) {
                    continue; // already rejected as STRUCTURE
                }
                FlowRecord r = tupleParser.parse(tuple, ctx);
                if (r != null) {
                    extraFields += tupleParser.extraFields();
                    out.flowRecord(r);
                } else {
                    reject(new Rejection(tupleParser.reason(), tupleParser.message(), cut(tuple),
                            document, rs.index, g.path + ".flowTuples[" + i + "]", tupleOffset(rs, tuple)));
                }
            }
        }

        /**
         * Where a rejected tuple stands in the payload: the byte of its opening quote, found by
         * searching the payload from the record (or the last tuple found) on, so that only rejected
         * tuples cost anything. A tuple written with JSON escapes is not found byte for byte: then the
         * record's offset.
         */
        private long tupleOffset(LogRecordState rs, String tuple) {
            byte[] quoted = ('"' + tuple + '"').getBytes(StandardCharsets.UTF_8);
            int from = (int) Math.max(tupleSearchFrom, rs.offset);
            outer:
            for (int i = from; i + quoted.length <= end; i++) {
                for (int j = 0; j < quoted.length; j++) {
                    if (data[i + j] != quoted[j]) {
                        continue outer;
                    }
                }
                tupleSearchFrom = i + quoted.length;
                return i;
            }
            return rs.offset;
        }

        private void rejectRecord(LogRecordState rs, RejectReason reason, String message, int tupleCount) {
            String suffix = tupleCount > 0 ? "; " + tupleCount + " tuple(s) of this record not decoded" : "";
            reject(new Rejection(reason, message + suffix, excerptAt(rs.offset), document, rs.index,
                    rs.path.isEmpty() ? "" : rs.path.substring(0, rs.path.length() - 1), rs.offset));
        }

        private void rejectFormat(LogRecordState rs, boolean vnet, String message) {
            int count = 0;
            for (TupleGroup g : rs.groups) {
                if (g.vnet == vnet) {
                    count += g.tuples.size();
                }
            }
            String path = rs.path + (vnet ? "flowLogVersion" : "properties.Version");
            reject(new Rejection(RejectReason.VERSION,
                    message + (count > 0 ? "; " + count + " tuple(s) not decoded" : ""),
                    excerptAt(rs.offset), document, rs.index, path, rs.offset));
        }
    }

    /** Reads one object of a JSON array, the parser on its START_OBJECT. */
    @FunctionalInterface
    private interface ItemReader {
        void read(String itemPath) throws IOException;
    }
}
