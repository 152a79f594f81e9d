package io.nsgflow.policy.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nsgflow.policy.PolicyValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A policy message is decoded into a version the timeline takes (the re-evaluation operator
 * relies on that: it only logs a version it cannot read), or rejected with a
 * {@link PolicyValidationException} naming resource and problem; never another exception. In a
 * normal test run this replays the corpus in {@code PolicyUpdatesFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class PolicyUpdatesFuzzTest {

    private static final SpecificDatumWriter<PolicyUpdate> WRITER = new SpecificDatumWriter<>(PolicyUpdate.class);

    @FuzzTest(maxDuration = "10m")
    void policyMessagesBecomeVersionsTheTimelineTakesOrAreRejected(byte[] input) throws IOException {
        String json = new String(input, StandardCharsets.UTF_8);
        PolicyUpdate update;
        try {
            update = PolicyUpdates.read(json);
        } catch (PolicyValidationException e) {
            assertThat(e.resource()).isNotBlank();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(update.getVersion()).isNotNull();
        assertThat(update.getDocument()).isEqualTo(json);
        assertThat(update.getResourceKey() == null).isEqualTo(update.getKind() == PolicyUpdateKind.SNAPSHOT);
        assertThat(PolicyUpdates.key(update)).endsWith("@" + update.getEffectiveFrom());
        // broadcast state holds it as Avro
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(), null);
        WRITER.write(update, encoder);
        encoder.flush();

        PolicyTimeline timeline = new PolicyTimeline();
        try {
            timeline.add(update);
        } catch (PolicyValidationException e) {
            throw new AssertionError("decoded, but the timeline cannot read it: " + e.getMessage(), e);
        }
        assertThat(timeline.covers(update.getEffectiveFrom())).isTrue();
        assertThat(timeline.covers(update.getEffectiveFrom() - 1)).isFalse();
        EffectivePolicy policy = timeline.at(update.getEffectiveFrom());
        assertThat(policy).isNotNull();
        // a resource alone may not compile (its references are elsewhere); then the policy says why
        assertThat(policy.isValid() || policy.invalidReason() != null).isTrue();
        if (update.getKind() == PolicyUpdateKind.SNAPSHOT) {
            assertThat(policy.isValid()).as("a decoded snapshot was validated: %s", policy.invalidReason()).isTrue();
        }
    }
}
