package io.nsgflow.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nsgflow.cli.CommandLineConfiguration;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.sink.webhook.WebhookOptions;
import io.nsgflow.stream.StreamOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes as the cluster would receive it: every kustomization that deploys nsgflow is
 * built with {@code kubectl kustomize}; its FlinkDeployments and FlinkSessionJobs are checked
 * against the Flink Kubernetes Operator's CRD schema (flink-kubernetes-operator-api 1.10.0), the
 * job's arguments against the stream command's own option definitions, the Flink configuration
 * against Flink's option keys, and the wiring of credentials, trust and metrics end to end.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of(System.getProperty("nsgflow.kubernetes.dir", "."));
    /** The kustomizations a user applies (base and common are only included by them). */
    private static final List<String> BUILDS = List.of("overlays/small", "overlays/production", "session");
    private static final String CRDS = "META-INF/fabric8/";

    private static final Map<String, List<JsonNode>> built = new HashMap<>();
    private static CrdSchema deployments;
    private static CrdSchema sessionJobs;
    private static FlinkOptionKeys flinkKeys;

    @BeforeAll
    static void load() throws Exception {
        for (String build : BUILDS) {
            built.put(build, Kustomize.build(DIR.resolve(build)));
        }
        CrdSchema operatorDeployments = CrdSchema.load(CRDS + "flinkdeployments.flink.apache.org-v1.yml");
        // The 1.10.0 schema's flinkVersion enum ends at v1_20 (1.10.0 predates Flink 2). This project
        // runs Flink 2.2, so exactly that one value is taken beyond the enum: see
        // theOperatorSchemaStopsAtFlink120AndOnlyTheImagesVersionIsTakenBeyondIt.
        deployments = operatorDeployments.acceptingBeyondEnum("spec.flinkVersion", Set.of(imagesFlinkVersion()));
        sessionJobs = CrdSchema.load(CRDS + "flinksessionjobs.flink.apache.org-v1.yml");
        flinkKeys = new FlinkOptionKeys(Set.of(prometheusPortKey()));
    }

    @Test
    void everyKustomizationThatDeploysIsBuiltByThisTest() throws IOException {
        Set<String> found;
        try (Stream<Path> files = Files.walk(DIR)) {
            found = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> DIR.relativize(p.getParent()).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("target"))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }
        Set<String> expected = new LinkedHashSet<>(BUILDS);
        expected.addAll(List.of("base", "common"));
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/small", "overlays/production", "session"})
    void flinkResourcesConformToTheOperatorsCrdSchema(String build) {
        List<JsonNode> flink = resources(build, "FlinkDeployment", "FlinkSessionJob");
        assertThat(flink).isNotEmpty();
        for (JsonNode r : flink) {
            CrdSchema schema = r.path("kind").asText().equals("FlinkDeployment") ? deployments : sessionJobs;
            assertThat(schema.violations(r)).as(build + " " + r.path("metadata").path("name").asText()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/small", "overlays/production", "session"})
    void theJobRunsStreamWithOptionsTheStreamCommandAccepts(String build, @TempDir Path tmp) throws IOException {
        List<JsonNode> jobs = jobs(build);
        assertThat(jobs).hasSize(1);
        for (JsonNode job : jobs) {
            JsonNode spec = job.path("spec").path("job");
            assertThat(spec.path("entryClass").asText()).isEqualTo(io.nsgflow.cli.Main.class.getName());
            assertThat(spec.path("upgradeMode").asText()).isEqualTo("savepoint");
            List<String> args = texts(spec.path("args"));
            assertThat(args.get(0)).isEqualTo("stream");
            String[] options = args.subList(1, args.size()).toArray(String[]::new);
            Configuration config = CommandLineConfiguration.parse(options, StreamOptions.ALL);

            // A file option must name a file the pods have: a key of a mounted ConfigMap.
            if (config.contains(ElasticsearchOptions.TLS_CA_FILE)) {
                String path = config.get(ElasticsearchOptions.TLS_CA_FILE);
                assertThat(mountedConfigMapFiles(build, podTemplateOf(build, job))).contains(path);
                Path local = Files.writeString(tmp.resolve("ca.pem"), "stand-in for " + path);
                config.set(ElasticsearchOptions.TLS_CA_FILE, local.toString());
            }
            StreamOptions.validate(config);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/small", "overlays/production", "session"})
    void flinkConfigurationKeysAreFlinkOptions(String build) {
        for (JsonNode r : resources(build, "FlinkDeployment", "FlinkSessionJob")) {
            List<String> unknown = new ArrayList<>();
            r.path("spec").path("flinkConfiguration").fieldNames().forEachRemaining(key -> {
                // the operator's own options (its jar is not served here) and Hadoop's ABFS settings
                // are read by those components, not by Flink's option classes
                if (!key.startsWith("kubernetes.operator.") && !key.startsWith("fs.azure.") && !flinkKeys.isKnown(key)) {
                    unknown.add(key);
                }
            });
            assertThat(unknown).as(build + " " + r.path("metadata").path("name").asText()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/small", "overlays/production", "session"})
    void credentialsReachTheContainersUnderTheVariablesTheJobReads(String build) {
        JsonNode secret = single(resources(build, "Secret"));
        assertThat(secret.has("data") || secret.has("stringData")).as("no credential in the repository").isFalse();
        String secretName = secret.path("metadata").path("name").asText();
        for (JsonNode deployment : resources(build, "FlinkDeployment")) {
            JsonNode container = mainContainer(deployment.path("spec").path("podTemplate"));
            Set<String> fromSecret = new LinkedHashSet<>();
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                assertThat(ref.path("name").asText()).isEqualTo(secretName);
                assertThat(ref.path("key").asText()).isEqualTo(env.path("name").asText());
                assertThat(ref.path("optional").asBoolean()).isTrue();
                fromSecret.add(env.path("name").asText());
            }
            assertThat(fromSecret).containsExactlyInAnyOrder(ElasticsearchOptions.PASSWORD_ENV,
                    ElasticsearchOptions.API_KEY_ENV, KafkaOptions.JAAS_CONFIG_ENV, WebhookOptions.SECRET_ENV,
                    WebhookOptions.BEARER_TOKEN_ENV, WebhookOptions.TRUSTSTORE_PASSWORD_ENV);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/small", "overlays/production", "session"})
    void thePodMonitorScrapesThePrometheusReporterOfEveryFlinkPod(String build) {
        JsonNode monitor = single(resources(build, "PodMonitor"));
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        String portName = single(list(monitor.path("spec").path("podMetricsEndpoints"))).path("port").asText();
        for (JsonNode deployment : resources(build, "FlinkDeployment")) {
            JsonNode conf = deployment.path("spec").path("flinkConfiguration");
            assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                    .isEqualTo(PrometheusReporterFactory.class.getName());
            JsonNode podTemplate = deployment.path("spec").path("podTemplate");
            selector.fields().forEachRemaining(label -> assertThat(
                    podTemplate.path("metadata").path("labels").path(label.getKey()).asText())
                    .isEqualTo(label.getValue().asText()));
            JsonNode port = single(list(mainContainer(podTemplate).path("ports")).stream()
                    .filter(p -> p.path("name").asText().equals(portName)).toList());
            assertThat(port.path("containerPort").asText()).isEqualTo(conf.path("metrics.reporter.prom.port").asText());
        }
    }

    @Test
    void theApplicationJarIsWhereTheImagePutsIt() throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"), StandardCharsets.UTF_8);
        for (String build : List.of("overlays/small", "overlays/production")) {
            String jarUri = single(jobs(build)).path("spec").path("job").path("jarURI").asText();
            assertThat(jarUri).startsWith("local://");
            assertThat(dockerfile).containsPattern("(?m)^COPY .*nsgflow\\.jar " + Pattern.quote(jarUri.substring(8)) + "$");
        }
    }

    @Test
    void theOperatorSchemaStopsAtFlink120AndOnlyTheImagesVersionIsTakenBeyondIt() throws IOException {
        CrdSchema operator = CrdSchema.load(CRDS + "flinkdeployments.flink.apache.org-v1.yml");
        assertThat(texts(operator.at("spec.flinkVersion").path("enum")))
                .containsExactly("v1_13", "v1_14", "v1_15", "v1_16", "v1_17", "v1_18", "v1_19", "v1_20");
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"), StandardCharsets.UTF_8);
        Matcher from = Pattern.compile("(?m)^FROM flink:(\\S+)-java17$").matcher(dockerfile);
        assertThat(from.find()).isTrue();
        assertThat(from.group(1)).isEqualTo(EnvironmentInformation.getVersion());
        for (String build : BUILDS) {
            for (JsonNode d : resources(build, "FlinkDeployment")) {
                assertThat(d.path("spec").path("flinkVersion").asText()).isEqualTo(imagesFlinkVersion());
            }
        }
        JsonNode d = resources("overlays/small", "FlinkDeployment").get(0).deepCopy();
        ((ObjectNode) d.path("spec")).set("flinkVersion", TextNode.valueOf("v2_1"));
        assertThat(deployments.violations(d)).containsExactly(
                "spec.flinkVersion: 'v2_1' is not one of " + operator.at("spec.flinkVersion").path("enum"));
    }

    @Test
    void theSchemaCheckRefusesUnknownFieldsWrongTypesAndValuesOutsideAnEnum() {
        JsonNode d = resources("overlays/production", "FlinkDeployment").get(0).deepCopy();
        ObjectNode spec = (ObjectNode) d.path("spec");
        ((ObjectNode) spec.path("job")).put("upgradeMod", "savepoint");
        ((ObjectNode) spec.path("job")).put("parallelism", "8");
        ((ObjectNode) spec.path("job")).put("state", "paused");
        ((ObjectNode) spec.path("flinkConfiguration")).put("taskmanager.numberOfTaskSlots", 4);
        ((ObjectNode) mainContainer(spec.path("podTemplate")).path("ports").get(0)).put("containerPort", "9249");
        ((ObjectNode) spec.path("taskManager").path("resource")).put("cpu", "4");
        assertThat(deployments.violations(d)).containsExactlyInAnyOrder(
                "spec.job.upgradeMod: unknown field",
                "spec.job.parallelism: expected an integer, was \"8\"",
                "spec.job.state: 'paused' is not one of [\"running\",\"suspended\"]",
                "spec.flinkConfiguration.taskmanager.numberOfTaskSlots: expected a string, was NUMBER 4",
                "spec.podTemplate.spec.containers[0].ports[0].containerPort: expected an integer, was \"9249\"",
                "spec.taskManager.resource.cpu: expected a number, was \"4\"");
    }

    @Test
    void aMisspeltJobOptionOrFlinkKeyIsRefused() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(
                new String[] {"--kafka.bootstrap-server", "kafka:9092"}, StreamOptions.ALL))
                .hasMessageContaining("unknown option --kafka.bootstrap-server");
        assertThatThrownBy(() -> CommandLineConfiguration.parse(
                new String[] {"--checkpoint.interval", "30 sec0nds"}, StreamOptions.ALL))
                .hasMessageContaining("--checkpoint.interval");
        assertThat(flinkKeys.isKnown("execution.checkpointing.dir")).isTrue();
        assertThat(flinkKeys.isKnown("execution.checkpointing.dirs")).isFalse();
        assertThat(flinkKeys.isKnown("metrics.reporter.prom.port")).isTrue();
        assertThat(flinkKeys.isKnown("metrics.reporter.prom.factory.class")).isTrue();
        assertThat(flinkKeys.isKnown("metrics.reporter.prom.factory.klass")).isFalse();
    }

    // -- the rendered resources

    private static List<JsonNode> resources(String build, String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return built.get(build).stream().filter(r -> wanted.contains(r.path("kind").asText())).toList();
    }

    /** The resources that run the job: FlinkDeployments with a job section, and FlinkSessionJobs. */
    private static List<JsonNode> jobs(String build) {
        return resources(build, "FlinkDeployment", "FlinkSessionJob").stream()
                .filter(r -> r.path("spec").has("job")).toList();
    }

    /** The pod template the job's TaskManagers get: its own deployment's, or its session cluster's. */
    private static JsonNode podTemplateOf(String build, JsonNode job) {
        if (job.path("kind").asText().equals("FlinkDeployment")) {
            return job.path("spec").path("podTemplate");
        }
        String cluster = job.path("spec").path("deploymentName").asText();
        return single(resources(build, "FlinkDeployment").stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(cluster)).toList())
                .path("spec").path("podTemplate");
    }

    /** Paths of files the main container sees from ConfigMaps of this build: mountPath/key. */
    private static Set<String> mountedConfigMapFiles(String build, JsonNode podTemplate) {
        Map<String, JsonNode> configMaps = new HashMap<>();
        resources(build, "ConfigMap").forEach(c -> configMaps.put(c.path("metadata").path("name").asText(), c));
        Map<String, JsonNode> volumes = new HashMap<>();
        podTemplate.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Set<String> files = new LinkedHashSet<>();
        for (JsonNode mount : mainContainer(podTemplate).path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            JsonNode configMap = volume == null ? null : configMaps.get(volume.path("configMap").path("name").asText());
            if (configMap != null) {
                configMap.path("data").fieldNames().forEachRemaining(
                        key -> files.add(mount.path("mountPath").asText() + "/" + key));
            }
        }
        return files;
    }

    private static JsonNode mainContainer(JsonNode podTemplate) {
        return single(list(podTemplate.path("spec").path("containers")).stream()
                .filter(c -> c.path("name").asText().equals("flink-main-container")).toList());
    }

    /** Flink's own version (the job's Flink dependency) as the operator names it: 2.2.1 -> v2_2. */
    private static String imagesFlinkVersion() {
        String[] parts = EnvironmentInformation.getVersion().split("\\.");
        return "v" + parts[0] + "_" + parts[1];
    }

    /** The one key Prometheus' reporter factory reads itself (its constant, not a ConfigOption). */
    private static String prometheusPortKey() throws ReflectiveOperationException {
        Field f = PrometheusReporterFactory.class.getDeclaredField("ARG_PORT");
        assertThat(Modifier.isStatic(f.getModifiers())).isTrue();
        f.setAccessible(true);
        return (String) f.get(null);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }

}
