package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.cli.Main;
import io.nsgflow.ingest.RawPayload;
import io.nsgflow.ingest.RawPayloadKafkaDeserializer;
import io.nsgflow.kafka.KafkaConnectors;
import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.sink.elasticsearch.ElasticsearchOptions;
import io.nsgflow.stream.ElasticsearchOutputs;
import io.nsgflow.stream.PolicyAtStart;
import io.nsgflow.stream.StreamJob;
import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.GroundTruth;
import io.nsgflow.synthetic.LateralScenario;
import io.nsgflow.synthetic.PlantedLateral;
import io.nsgflow.synthetic.SyntheticRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analyst notebooks (notebooks/*.ipynb), executed headless with Debian's Python and nbconvert, on
 * a replay output made here from generated flow logs, and on the real Elasticsearch after a stream
 * run. A notebook that raises fails the test; every figure it saves must draw data (the notebook's own
 * count of data marks) and must show it (coloured pixels: empty axes are black and white).
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class})
class NotebooksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NOTEBOOKS = Path.of(System.getProperty("nsgflow.notebooks", "../notebooks")).toAbsolutePath().normalize();
    private static final Path OUT = Path.of(System.getProperty("nsgflow.notebooks.out", "target/notebooks")).toAbsolutePath();
    /** The figures each notebook draws whatever the data; others (pivot paths) appear only when there is data for them. */
    private static final Map<String, Set<String>> FIGURES = Map.of(
            "drift-review", Set.of("drift-over-time", "drift-per-nsg", "observed-vs-expected", "drift-by-policy-version"),
            "lateral-movement", Set.of("east-west-subnets", "hosts-around-alerts"),
            "traffic-and-rules", Set.of("subnet-pair-heatmap", "top-talkers", "rule-hits", "allowed-denied-over-time",
                    "rule-coverage"));
    private static final Instant START = EnterpriseScenario.DEFAULT_V1_FROM;

    /**
     * On a replay of a generated day with every kind of lateral movement planted (as LateralReplayTest
     * checks the detectors on): the lateral notebook must also draw the pivot chains' paths.
     */
    @Test
    void everyNotebookRunsOnAReplayOutputAndDrawsItsFigures() throws Exception {
        Path base = fresh(OUT.resolve("replay"));
        EnterpriseScenario scenario = EnterpriseScenario.generate(7);
        Path run = base.resolve("run");
        GroundTruth truth = SyntheticRun.write(run, scenario, 7, scenario.v1From(),
                new GeneratorOptions(24 * 60, 12, 2, 2, 2, 2, 2, 2), true);
        assertThat(truth.lateral()).extracting(PlantedLateral::type).contains("pivot_chain");
        Path replay = base.resolve("replay-out");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"replay",
                "--snapshot", run.resolve(SyntheticRun.SNAPSHOT_FILE).toString(),
                "--snapshot", run.resolve(SyntheticRun.CHANGE_FILE).toString(),
                "--flows", run.resolve(SyntheticRun.FLOW_LOG_DIR).toString(),
                "--out", replay.toString(),
                "--lateral.baseline.learning-period", LateralScenario.WARM_UP.toMinutes() + " min",
                "--lateral.allow-list", run.resolve(SyntheticRun.ALLOW_LIST_FILE).toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(stderr, true));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(replay.resolve("drift.jsonl"))).hasSize(truth.planted().size());

        for (String notebook : FIGURES.keySet()) {
            Set<String> figures = new java.util.HashSet<>(FIGURES.get(notebook));
            if (notebook.equals("lateral-movement")) {
                figures.add("pivot-paths");
            }
            execute(notebook, base, Map.of(
                    "NSGFLOW_REPLAY_DIR", replay.toString(),
                    "NSGFLOW_POLICY_SNAPSHOT", run.resolve(SyntheticRun.SNAPSHOT_FILE) + File.pathSeparator
                            + run.resolve(SyntheticRun.CHANGE_FILE)), figures);
        }
    }

    @Test
    void everyNotebookRunsOnTheElasticsearchOfAStreamRunAndDrawsItsFigures(KafkaBroker kafka, ElasticsearchNode es)
            throws Exception {
        Path base = fresh(OUT.resolve("elasticsearch"));
        String prefix = "notebooks-it-" + System.nanoTime();
        String flowTopic = prefix + "-flows";
        String policyTopic = prefix + "-policy";
        kafka.createTopic(flowTopic, 1);
        kafka.createTopic(policyTopic, 1);
        kafka.createTopic(prefix + "-dlq", 1);

        EnterpriseScenario scenario = EnterpriseScenario.generate(11, 16, START, START.plus(Duration.ofMinutes(4)));
        FlowLogGenerator generator = new FlowLogGenerator(scenario, 11, START, GeneratorOptions.defaults().withMinutes(8)
                .withConnectionsPerMinute(40).withDriftPerType(2).withMalformed(1).withCarriedConnections(1));
        long blobs = 0;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(policyTopic, scenario.snapshotV1Json().getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(policyTopic, scenario.changeV2Json().getBytes(StandardCharsets.UTF_8)));
            for (int m = 0; m < generator.minutes(); m++) {
                for (FlowLogBlob blob : generator.minute(m)) {
                    producer.send(new ProducerRecord<>(flowTopic, blob.bytes()));
                    blobs++;
                }
            }
        }
        GroundTruth truth = generator.groundTruth();

        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.DEADLETTER_TOPIC, prefix + "-dlq");
        conf.set(KafkaOptions.POLICY_TOPIC, policyTopic);
        conf.setString(ElasticsearchOptions.HOSTS.key(), es.url());
        conf.set(ElasticsearchOptions.INDEX_PREFIX, prefix);
        conf.setString("flowlog.watermark.out-of-orderness", "1 min");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        StreamJob.build(conf, new StreamJob.Sources(
                        env.fromSource(bounded(kafka, flowTopic, OffsetsInitializer.offsets(Map.of(new TopicPartition(flowTopic, 0), blobs))),
                                WatermarkStrategy.noWatermarks(), "flows").uid("notebooks-it-flows"),
                        env.fromSource(bounded(kafka, policyTopic, OffsetsInitializer.latest()),
                                WatermarkStrategy.noWatermarks(), "policy").uid("notebooks-it-policy")),
                new StreamJob.Sinks(ElasticsearchOptions.sink(conf, ElasticsearchOutputs.templates()),
                        KafkaConnectors.deadLetters(conf)),
                // as stream does: the versions on the topic are known before the first flow
                PolicyAtStart.read(conf, Map.of(), Duration.ofMinutes(1)));
        env.executeAsync("notebooks IT").getJobExecutionResult().get(5, TimeUnit.MINUTES);
        es.request("POST", "/" + prefix + "-*/_refresh", null);
        JsonNode drift = JSON.readTree(es.request("GET", "/" + prefix + "-drift-*/_count", null).body());
        assertThat(drift.path("count").asInt()).as("drift findings in Elasticsearch").isEqualTo(truth.planted().size());

        Path snapshots = Files.createDirectories(base.resolve("policy"));
        Files.writeString(snapshots.resolve("v1.json"), scenario.snapshotV1Json());
        Files.writeString(snapshots.resolve("v2.json"), scenario.changeV2Json());
        for (String notebook : FIGURES.keySet()) {
            execute(notebook, base, Map.of(
                    "ELASTICSEARCH_URL", es.url(),
                    "NSGFLOW_INDEX_PREFIX", prefix,
                    "NSGFLOW_POLICY_SNAPSHOT", snapshots.resolve("v1.json") + File.pathSeparator + snapshots.resolve("v2.json")),
                    FIGURES.get(notebook));
        }
    }

    private static KafkaSource<RawPayload> bounded(KafkaBroker kafka, String topic, OffsetsInitializer stopAt) {
        return KafkaSource.<RawPayload>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId("notebooks-it")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(stopAt)
                .setDeserializer(new RawPayloadKafkaDeserializer())
                .build();
    }

    /** Runs the notebook with nbconvert, then checks the executed notebook and the figures it saved (at least {@code figures}). */
    private static void execute(String notebook, Path base, Map<String, String> environment, Set<String> expected)
            throws Exception {
        Path executed = Files.createDirectories(base.resolve("executed"));
        Path figures = base.resolve("figures");
        String python = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
        ProcessBuilder pb = new ProcessBuilder(python, "-m", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=300", "--output-dir", executed.toString(),
                NOTEBOOKS.resolve(notebook + ".ipynb").toString())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve(notebook + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("NSGFLOW_") || k.startsWith("ELASTICSEARCH_"));
        env.putAll(environment);
        env.put("NSGFLOW_FIGURES_DIR", figures.toString());
        // Debian's python and kernel first, whatever else (pyenv, virtualenvs) is on PATH
        env.put("PATH", "/usr/bin:/bin:" + env.getOrDefault("PATH", ""));
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String log = Files.readString(base.resolve(notebook + ".log"));
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished within 10 minutes:%n%s", notebook, log).isTrue();
        assertThat(p.exitValue()).as("%s executed without error (python3-nbconvert, python3-pandas, python3-matplotlib, "
                + "python3-networkx, python3-ipykernel and python3-requests are needed; .ci/run installs them):%n%s", notebook, log).isZero();

        JsonNode cells = JSON.readTree(executed.resolve(notebook + ".ipynb").toFile()).path("cells");
        int images = 0;
        for (JsonNode cell : cells) {
            for (JsonNode output : cell.path("outputs")) {
                assertThat(output.path("output_type").asText()).as("%s cell output", notebook).isNotEqualTo("error");
                images += output.path("data").has("image/png") ? 1 : 0;
            }
        }
        JsonNode manifest = JSON.readTree(figures.resolve(notebook).resolve("figures.json").toFile());
        List<String> saved = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(saved::add);
        assertThat(saved).as("figures of %s", notebook).containsAll(expected);
        assertThat(images).as("figures shown in the executed %s", notebook).isGreaterThanOrEqualTo(saved.size());
        for (String figure : saved) {
            assertThat(manifest.path(figure).path("data_points").asInt()).as("%s/%s data points", notebook, figure).isPositive();
            BufferedImage image = ImageIO.read(figures.resolve(notebook).resolve(manifest.path(figure).path("file").asText()).toFile());
            assertThat(image).as("%s/%s is a PNG", notebook, figure).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(200);
            assertThat(image.getHeight()).isGreaterThan(150);
            assertThat(colouredFraction(image)).as("%s/%s: share of coloured pixels", notebook, figure).isGreaterThan(0.002);
        }
    }

    /**
     * Share of pixels with a clear hue. Axes, ticks, labels and titles are black, white and grey; data
     * (bars, lines, nodes, heatmap cells) is drawn in colour, so an empty figure scores 0.
     */
    private static double colouredFraction(BufferedImage image) {
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
                    coloured++;
                }
            }
        }
        return (double) coloured / ((long) image.getWidth() * image.getHeight());
    }

    private static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }
}
