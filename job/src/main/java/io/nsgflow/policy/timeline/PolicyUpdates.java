package io.nsgflow.policy.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.PolicyReader.ResourceChange;
import io.nsgflow.policy.PolicyReader.SnapshotChange;
import io.nsgflow.policy.PolicyValidationException;
import java.io.IOException;
import java.time.Instant;

/** Turns policy-topic messages and snapshot files into validated {@link PolicyUpdate}s. */
public final class PolicyUpdates {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyUpdates() {}

    /**
     * Where a snapshot file without {@code effectiveFrom} starts to be in force: at the start of
     * time, so it judges every flow until a later version replaces it.
     */
    public static final Instant SNAPSHOT_FILE_DEFAULT_FROM = Instant.EPOCH;

    /**
     * Reads one policy message: a whole snapshot (needs {@code effectiveFrom}; {@code version}
     * defaults to {@code snapshot@<effectiveFrom>}) or one resource with its own {@code effectiveFrom}
     * (and optional {@code version}).
     */
    public static PolicyUpdate read(String json) throws PolicyValidationException {
        return read(json, null);
    }

    /**
     * Reads a policy file given on the command line ({@code replay --snapshot},
     * {@code stream --policy.snapshot}): as {@link #read}, except that a whole snapshot without
     * {@code effectiveFrom} is in force from {@link #SNAPSHOT_FILE_DEFAULT_FROM}, as {@code verify}
     * takes it (verify judges the snapshot as written, whatever its effectiveFrom). A single
     * resource still needs its own {@code effectiveFrom}: it replaces its resource from then on.
     */
    public static PolicyUpdate readFile(String json) throws PolicyValidationException {
        return read(json, SNAPSHOT_FILE_DEFAULT_FROM);
    }

    private static PolicyUpdate read(String json, Instant snapshotDefaultFrom) throws PolicyValidationException {
        PolicyReader.PolicyChange change = PolicyReader.readChange(json);
        if (change instanceof SnapshotChange s) {
            Instant from = s.snapshot().effectiveFrom() != null ? s.snapshot().effectiveFrom() : snapshotDefaultFrom;
            if (from == null) {
                throw new PolicyValidationException("snapshot", "effectiveFrom", "is required on a policy message");
            }
            String version = s.snapshot().version() != null ? s.snapshot().version() : "snapshot@" + from;
            return new PolicyUpdate(PolicyUpdateKind.SNAPSHOT, from.toEpochMilli(), version, null, json);
        }
        ResourceChange r = (ResourceChange) change;
        String what = r.resource().kind() + " '" + r.resource().name() + "'";
        if (r.effectiveFrom() == null) {
            throw new PolicyValidationException(what, "effectiveFrom", snapshotDefaultFrom == null
                    ? "is required on a policy message"
                    : "is required on a single-resource file (it replaces its resource from that time on)");
        }
        String version = versionField(json);
        if (version == null) {
            version = r.resource().name() + "@" + r.effectiveFrom();
        }
        return new PolicyUpdate(
                PolicyUpdateKind.RESOURCE, r.effectiveFrom().toEpochMilli(), version, r.resource().key(), json);
    }

    /** The key under which an update is kept: one entry per resource (or snapshot) and effective time. */
    public static String key(PolicyUpdate u) {
        return u.getKind() == PolicyUpdateKind.SNAPSHOT
                ? "snapshot@" + u.getEffectiveFrom()
                : u.getResourceKey() + "@" + u.getEffectiveFrom();
    }

    private static String versionField(String json) {
        try {
            JsonNode v = MAPPER.readTree(json).get("version");
            return v == null || !v.isTextual() ? null : v.asText();
        } catch (IOException e) {
            return null; // already parsed once by PolicyReader: cannot happen
        }
    }
}
