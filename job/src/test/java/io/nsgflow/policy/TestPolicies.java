package io.nsgflow.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written test snapshots in src/test/resources/policy. */
final class TestPolicies {

    static final String PREFIX =
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-prod/providers/Microsoft.Network/";

    private TestPolicies() {}

    static String resource(String name) {
        try (InputStream in = TestPolicies.class.getResourceAsStream("/policy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicySnapshot arm() {
        try {
            return PolicyReader.readSnapshot(resource("snapshot-arm.json"));
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    static PolicySnapshot az() {
        try {
            return PolicyReader.readSnapshot(resource("snapshot-az.json"));
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String nic(String name) {
        return PREFIX + "networkInterfaces/" + name;
    }
}
