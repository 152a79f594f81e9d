package io.nsgflow.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nsgflow.drift.DriftType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generated run holds, known independently of the job: the planted drift, the malformed
 * inputs, the connections carried across the policy change, and the volume.
 *
 * @param blobs  documents generated, malformed ones included
 * @param tuples well-formed flow tuples generated
 */
public record GroundTruth(long seed, Instant start, int minutes, Instant policyV1From, Instant policyV2From,
        List<PlantedFinding> planted, List<MalformedInput> malformed, List<CarriedConnection> carried,
        long blobs, long tuples, List<PlantedLateral> lateral) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GroundTruth {
        planted = List.copyOf(planted);
        malformed = List.copyOf(malformed);
        carried = List.copyOf(carried);
        lateral = List.copyOf(lateral);
    }

    /** Without lateral movement. */
    public GroundTruth(long seed, Instant start, int minutes, Instant policyV1From, Instant policyV2From,
            List<PlantedFinding> planted, List<MalformedInput> malformed, List<CarriedConnection> carried,
            long blobs, long tuples) {
        this(seed, start, minutes, policyV1From, policyV2From, planted, malformed, carried, blobs, tuples, List.of());
    }

    /** Planted findings per type (every type present, possibly 0). */
    public Map<DriftType, Integer> plantedPerType() {
        Map<DriftType, Integer> out = new EnumMap<>(DriftType.class);
        for (DriftType t : DriftType.values()) {
            out.put(t, 0);
        }
        planted.forEach(p -> out.merge(p.type(), 1, Integer::sum));
        return out;
    }

    /** As JSON (drift types in lower case, as the job's outputs name them; times as ISO-8601 and epoch ms). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("start", start.toString());
        root.put("minutes", minutes);
        root.put("policyV1From", policyV1From.toString());
        root.put("policyV2From", policyV2From.toString());
        root.put("blobs", blobs);
        root.put("tuples", tuples);
        Map<String, Integer> perType = new LinkedHashMap<>();
        plantedPerType().forEach((t, n) -> perType.put(typeName(t), n));
        root.put("plantedPerType", perType);
        root.put("planted", planted.stream().map(GroundTruth::plantedJson).toList());
        root.put("lateral", lateral.stream().map(l -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", "lateral." + l.type());
            x.put("entity", l.entity());
            x.put("path", l.path());
            x.put("time", Instant.ofEpochMilli(l.time()).toString());
            x.put("alsoRaises", l.alsoRaises().stream().sorted().toList());
            x.put("why", l.why());
            return x;
        }).toList());
        root.put("malformed", malformed.stream().map(m -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("minute", m.minute());
            x.put("blob", m.blob());
            x.put("reason", m.reason().name());
            x.put("description", m.description());
            return x;
        }).toList());
        root.put("carried", carried.stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("beganAt", Instant.ofEpochMilli(c.beganAt()).toString());
            x.put("endsAt", Instant.ofEpochMilli(c.endsAt()).toString());
            x.put("srcIp", c.srcIp());
            x.put("srcPort", c.srcPort());
            x.put("dstIp", c.dstIp());
            x.put("dstPort", c.dstPort());
            x.put("protocol", c.protocol());
            x.put("tuplesAfterChange", c.tuplesAfterChange());
            return x;
        }).toList());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> plantedJson(PlantedFinding p) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("type", typeName(p.type()));
        x.put("time", Instant.ofEpochMilli(p.eventTime()).toString());
        x.put("eventTime", p.eventTime());
        x.put("srcIp", p.srcIp());
        x.put("srcPort", p.srcPort());
        x.put("dstIp", p.dstIp());
        x.put("dstPort", p.dstPort());
        x.put("protocol", p.protocol());
        x.put("direction", p.direction());
        x.put("mac", p.mac());
        x.put("nsg", p.nsgName());
        x.put("rule", p.rule());
        x.put("logFormat", p.logFormat());
        x.put("why", p.why());
        return x;
    }

    static String typeName(DriftType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
