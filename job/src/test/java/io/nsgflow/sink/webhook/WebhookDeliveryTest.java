package io.nsgflow.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.sink.webhook.TestReceiver.Answer;
import io.nsgflow.sink.webhook.TestReceiver.Received;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery function in Flink's async operator (its test harness), against real local HTTP and
 * HTTPS servers. Signatures are checked with an HMAC computed here, independently of the code.
 */
class WebhookDeliveryTest {

    private static final String SECRET = "s3cret-for-tests";
    private static final String TOKEN_PATH = "/services/T0000/B0000/XXXXsecretTOKEN";

    @TempDir
    static Path dir;
    private static TestCertificates serverCert;
    private static TestCertificates otherCert;

    private final List<TestReceiver> receivers = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        serverCert = TestCertificates.selfSigned(dir, "receiver");
        otherCert = TestCertificates.selfSigned(dir, "someone-else");
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(TestReceiver::close);
    }

    @Test
    void a2xxIsDeliveredOnceSignedWithTheIdempotencyKey() throws Exception {
        TestReceiver r = http().answering((n, req) -> Answer.of(202));
        Configuration conf = conf(r.url(TOKEN_PATH));
        conf.set(WebhookOptions.BEARER_TOKEN, "bearer-for-tests");

        List<WebhookOutcome> out = deliver(conf, request(0, "{\"alert\":1}", "a1:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isTrue();
            assertThat(o.status).isEqualTo(202);
            assertThat(o.attempts).isEqualTo(1);
            assertThat(o.idempotencyKey).isEqualTo("a1:1");
            assertThat(o.body).isNull();
        });
        Received got = r.received().get(0);
        assertThat(r.received()).hasSize(1);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo(TOKEN_PATH);
        assertThat(got.bodyText()).isEqualTo("{\"alert\":1}");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("Idempotency-Key")).isEqualTo("a1:1");
        assertThat(got.header("Authorization")).isEqualTo("Bearer bearer-for-tests");
        assertSignedWithTheSecret(got);
        assertThat(TestReceiver.signedWith(got, "another-secret")).isFalse();
    }

    @Test
    void a503IsRetriedThenA200DeliversWithTheSameKeyAndBody() throws Exception {
        TestReceiver r = http().answering((n, req) -> n == 1 ? new Answer(503, Map.of(), "busy") : Answer.of(200));

        List<WebhookOutcome> out = deliver(conf(r.url("/hook")), request(0, "{\"x\":\"y\"}", "a2:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isTrue();
            assertThat(o.attempts).isEqualTo(2);
        });
        assertThat(r.received()).hasSize(2)
                .allSatisfy(got -> {
                    assertThat(got.header("Idempotency-Key")).isEqualTo("a2:1");
                    assertThat(got.bodyText()).isEqualTo("{\"x\":\"y\"}");
                    assertSignedWithTheSecret(got);
                });
        assertThat(r.received()).extracting(g -> g.header("X-Nsgflow-Attempt")).containsExactly("1", "2");
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        TestReceiver r = http().answering((n, req) -> {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
            return n == 1 ? new Answer(429, Map.of("Retry-After", "1"), "") : Answer.of(200);
        });
        Configuration conf = conf(r.url("/hook"));
        conf.set(WebhookOptions.RETRY_INITIAL_BACKOFF, Duration.ofMillis(10)); // far shorter than the Retry-After

        List<WebhookOutcome> out = deliver(conf, request(0, "{}", "a3:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isTrue();
            assertThat(o.attempts).isEqualTo(2);
        });
        // the receiver asked for a second: the retry cannot have come earlier (a lower bound, not a speed)
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterBeyondTheMaxDurationIsDeadLetteredAtOnce() throws Exception {
        TestReceiver r = http().answering((n, req) -> new Answer(429, Map.of("Retry-After", "3600"), ""));

        List<WebhookOutcome> out = deliver(conf(r.url("/hook")), request(0, "{}", "a4:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isFalse();
            assertThat(o.reason).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(o.status).isEqualTo(429);
            assertThat(o.attempts).isEqualTo(1);
            assertThat(o.message).contains("Retry-After PT1H").contains("webhook.retry.max-duration");
        });
        assertThat(r.received()).hasSize(1);
    }

    @Test
    void a400IsDeadLetteredWithoutRetryKeepingStatusReasonAndPayload() throws Exception {
        TestReceiver r = http().answering((n, req) -> new Answer(400, Map.of(), "invalid_payload"));

        List<WebhookOutcome> out = deliver(conf(r.url(TOKEN_PATH)), request(0, "{\"bad\":true}", "a5:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isFalse();
            assertThat(o.reason).isEqualTo("HTTP_STATUS");
            assertThat(o.status).isEqualTo(400);
            assertThat(o.attempts).isEqualTo(1);
            assertThat(o.message).contains("HTTP 400").contains("invalid_payload");
            assertThat(new String(o.body, StandardCharsets.UTF_8)).isEqualTo("{\"bad\":true}");
            assertThat(o.endpoint).isEqualTo("http://127.0.0.1:" + r.url("/").getPort());
            assertThat(o.toString() + o.message + o.endpoint).doesNotContain("secretTOKEN");
        });
        assertThat(r.received()).hasSize(1);
    }

    @Test
    void aHangingReceiverTimesOutAndIsRetriedUntilTheAttemptsAreUsedUp() throws Exception {
        TestReceiver r = http().answering((n, req) -> Answer.HANG);
        Configuration conf = conf(r.url("/hook"));
        conf.set(WebhookOptions.REQUEST_TIMEOUT, Duration.ofMillis(300));
        conf.set(WebhookOptions.RETRY_MAX_ATTEMPTS, 2);

        List<WebhookOutcome> out = deliver(conf, request(0, "{}", "a6:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.delivered).isFalse();
            assertThat(o.reason).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(o.status).isZero();
            assertThat(o.attempts).isEqualTo(2);
            assertThat(o.message).contains("no response within").contains("webhook.request-timeout");
        });
        assertThat(r.received()).hasSize(2);
    }

    @Test
    void fiveHundredsUseUpTheAttempts() throws Exception {
        TestReceiver r = http().answering((n, req) -> Answer.of(500));
        Configuration conf = conf(r.url("/hook"));
        conf.set(WebhookOptions.RETRY_MAX_ATTEMPTS, 3);

        List<WebhookOutcome> out = deliver(conf, request(0, "{}", "a7:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.reason).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(o.status).isEqualTo(500);
            assertThat(o.attempts).isEqualTo(3);
        });
        assertThat(r.received()).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        TestReceiver gone = http();
        URI url = gone.url("/hook");
        gone.close();
        Configuration conf = conf(url);
        conf.set(WebhookOptions.RETRY_MAX_ATTEMPTS, 2);

        List<WebhookOutcome> out = deliver(conf, request(0, "{}", "a8:1"));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.reason).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(o.attempts).isEqualTo(2);
            assertThat(o.message).contains("connection failed");
        });
    }

    @Test
    void httpsTrustingTheReceiverWithACaFileOrATruststoreDelivers() throws Exception {
        TestReceiver r = https(serverCert).answering((n, req) -> Answer.of(200));
        Configuration byCa = conf(r.url("/hook"));
        byCa.set(WebhookOptions.TLS_CA_FILE, serverCert.writePem(dir.resolve("receiver.pem")).toString());
        Configuration byStore = conf(r.url("/hook"));
        byStore.set(WebhookOptions.TLS_TRUSTSTORE,
                serverCert.writeTruststore(dir.resolve("trust.p12"), "trust-pass").toString());
        byStore.set(WebhookOptions.TLS_TRUSTSTORE_PASSWORD, "trust-pass");

        assertThat(deliver(byCa, request(0, "{}", "a9:1"))).singleElement().satisfies(o -> assertThat(o.delivered).isTrue());
        assertThat(deliver(byStore, request(0, "{}", "a9:2"))).singleElement()
                .satisfies(o -> assertThat(o.delivered).isTrue());
        assertThat(r.received()).hasSize(2).allSatisfy(WebhookDeliveryTest::assertSignedWithTheSecret);
    }

    @Test
    void httpsWithTheWrongTrustFailsAtOnceNamingTheTrustOptions() throws Exception {
        TestReceiver r = https(serverCert).answering((n, req) -> Answer.of(200));
        Configuration wrongCa = conf(r.url("/hook"));
        wrongCa.set(WebhookOptions.TLS_CA_FILE, otherCert.writePem(dir.resolve("other.pem")).toString());
        Configuration defaultTrust = conf(r.url("/hook"));

        for (Configuration conf : List.of(wrongCa, defaultTrust)) {
            assertThat(deliver(conf, request(0, "{}", "a10:1"))).singleElement().satisfies(o -> {
                assertThat(o.delivered).isFalse();
                assertThat(o.reason).isEqualTo("TLS_TRUST");
                assertThat(o.attempts).isEqualTo(1);
                assertThat(o.message).contains("webhook.tls.ca-file").contains("webhook.tls.truststore");
            });
        }
        assertThat(r.received()).isEmpty();
    }

    @Test
    void eachRequestGoesToItsOwnUrl() throws Exception {
        TestReceiver a = http();
        TestReceiver b = http();
        Configuration conf = conf(a.url("/a"));
        conf.set(WebhookOptions.URLS, List.of(a.url("/a").toString(), b.url("/b").toString()));

        List<WebhookOutcome> out = deliver(conf, request(0, "{\"to\":\"a\"}", "k:1"), request(1, "{\"to\":\"b\"}", "k:1"));

        assertThat(out).hasSize(2).allSatisfy(o -> assertThat(o.delivered).isTrue());
        assertThat(a.received()).singleElement().satisfies(g -> assertThat(g.bodyText()).isEqualTo("{\"to\":\"a\"}"));
        assertThat(b.received()).singleElement().satisfies(g -> assertThat(g.bodyText()).isEqualTo("{\"to\":\"b\"}"));
    }

    @Test
    void deliveriesInFlightAtACheckpointAreSentAgainAfterARestoreWithTheSameKeys() throws Exception {
        // first run: the receiver takes the requests and never answers; the job is checkpointed, then lost
        TestReceiver r = http().answering((n, req) -> Answer.HANG);
        Configuration conf = conf(r.url("/hook"));
        List<WebhookRequest> requests = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            requests.add(request(0, "{\"alert\":" + i + "}", "alert-" + i + ":1"));
        }
        OneInputStreamOperatorTestHarness<WebhookRequest, WebhookOutcome> first = harness(conf);
        first.open();
        for (WebhookRequest req : requests) {
            first.processElement(new StreamRecord<>(req, 0));
        }
        awaitReceived(r, 5);
        OperatorSubtaskState checkpoint = first.snapshot(1, 1);
        assertThat(first.extractOutputValues()).isEmpty();
        first.close();
        Map<String, String> firstBodies = r.received().stream()
                .collect(Collectors.toMap(g -> g.header("Idempotency-Key"), Received::bodyText));

        // the restored job: the receiver answers now
        r.answering((n, req) -> Answer.of(200));
        OneInputStreamOperatorTestHarness<WebhookRequest, WebhookOutcome> restored = harness(conf);
        restored.initializeState(checkpoint);
        restored.open();
        restored.endInput();
        List<WebhookOutcome> out = restored.extractOutputValues();
        restored.close();

        assertThat(out).extracting(o -> o.idempotencyKey)
                .containsExactlyInAnyOrder("alert-1:1", "alert-2:1", "alert-3:1", "alert-4:1", "alert-5:1");
        assertThat(out).allSatisfy(o -> assertThat(o.delivered).isTrue());
        List<Received> afterRestore = r.received().subList(5, r.received().size());
        assertThat(afterRestore).hasSize(5).allSatisfy(g -> {
            assertThat(firstBodies).containsEntry(g.header("Idempotency-Key"), g.bodyText());
            assertSignedWithTheSecret(g);
        });
    }

    // ---------------------------------------------------------------------------------------------

    private TestReceiver http() throws Exception {
        TestReceiver r = TestReceiver.http();
        receivers.add(r);
        return r;
    }

    private TestReceiver https(TestCertificates cert) throws Exception {
        TestReceiver r = TestReceiver.https(cert.serverContext());
        receivers.add(r);
        return r;
    }

    private static Configuration conf(URI url) {
        Configuration conf = new Configuration();
        conf.set(WebhookOptions.URLS, List.of(url.toString()));
        conf.set(WebhookOptions.SECRET, SECRET);
        conf.set(WebhookOptions.RETRY_INITIAL_BACKOFF, Duration.ofMillis(20));
        conf.set(WebhookOptions.RETRY_MAX_DURATION, Duration.ofMinutes(1));
        conf.set(WebhookOptions.REQUEST_TIMEOUT, Duration.ofSeconds(10));
        return conf;
    }

    private static WebhookRequest request(int target, String body, String key) {
        return new WebhookRequest(target, body.getBytes(StandardCharsets.UTF_8), "application/json", key,
                key.substring(0, key.indexOf(':')));
    }

    private static OneInputStreamOperatorTestHarness<WebhookRequest, WebhookOutcome> harness(Configuration conf)
            throws Exception {
        WebhookOptions.validate(conf);
        WebhookSettings settings = WebhookOptions.settings(conf);
        return new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(new WebhookDeliveryFunction(settings), settings.operatorTimeout().toMillis(),
                        settings.maxInFlight(), AsyncDataStream.OutputMode.UNORDERED),
                WebhookDelivery.REQUEST.createSerializer(new SerializerConfigImpl()));
    }

    private static List<WebhookOutcome> deliver(Configuration conf, WebhookRequest... requests) throws Exception {
        try (OneInputStreamOperatorTestHarness<WebhookRequest, WebhookOutcome> h = harness(conf)) {
            h.open();
            for (WebhookRequest r : requests) {
                h.processElement(new StreamRecord<>(r, 0));
            }
            h.endInput(); // waits for every request's outcome
            return h.extractOutputValues();
        }
    }

    private static void awaitReceived(TestReceiver r, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.received().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(r.received()).hasSize(n);
    }

    /** Signed with the secret (an HMAC recomputed by the test) at sending time. */
    static void assertSignedWithTheSecret(Received got) {
        assertThat(TestReceiver.signedWith(got, SECRET)).as(got.header("X-Nsgflow-Signature")).isTrue();
        String header = got.header("X-Nsgflow-Signature");
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        // signed at sending time: a receiver may refuse anything older than a few minutes
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
    }
}
