package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.stream.StreamOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class CommandLineConfigurationTest {

    @Test
    void keyValuePairsBecomeTypedOptions() {
        Configuration config = CommandLineConfiguration.parse(new String[] {
                "--kafka.bootstrap-servers", "k1:9092,k2:9092",
                "--elasticsearch.bulk.max-actions=42",
                "--elasticsearch.bulk.flush-interval", "250 ms"}, StreamOptions.ALL);

        assertThat(config.get(io.nsgflow.kafka.KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("k1:9092,k2:9092");
        assertThat(config.get(io.nsgflow.sink.elasticsearch.ElasticsearchOptions.BULK_MAX_ACTIONS)).isEqualTo(42);
        assertThat(config.get(io.nsgflow.sink.elasticsearch.ElasticsearchOptions.BULK_FLUSH_INTERVAL)).isEqualTo(Duration.ofMillis(250));
        assertThat(config.get(io.nsgflow.kafka.KafkaOptions.FLOWLOG_TOPIC)).isEqualTo("nsg-flowlogs");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(new String[] {"--kafka.servers", "x"}, StreamOptions.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --kafka.servers");
    }

    @Test
    void optionWithoutValueIsNamed() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(new String[] {"--flowlog.topic"}, StreamOptions.ALL))
                .hasMessage("option --flowlog.topic needs a value");
    }

    @Test
    void valueOfTheWrongTypeIsNamedWithTheOption() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(
                new String[] {"--elasticsearch.bulk.max-actions", "many"}, StreamOptions.ALL))
                .hasMessageStartingWith("option --elasticsearch.bulk.max-actions: cannot use 'many'");
    }

    @Test
    void bareWordIsRejected() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(new String[] {"stream"}, StreamOptions.ALL))
                .hasMessageContaining("unexpected argument 'stream'");
    }

    @Test
    void aListOptionMayBeRepeatedAndItsValuesAddUp() {
        CommandLineConfiguration.CommandLine cl = CommandLineConfiguration.parse(new String[] {
                "--snapshot", "v1.json", "--flows", "a", "--snapshot", "v2.json;v3.json", "--out", "o"},
                ReplayCommand.OPTIONS, Set.of("snapshot", "flows", "out"), false);
        assertThat(cl.config().get(ReplayCommand.SNAPSHOTS)).containsExactly("v1.json", "v2.json", "v3.json");
        assertThat(cl.config().get(ReplayCommand.FLOWS)).containsExactly("a");
        assertThat(cl.operands()).isEmpty();
    }

    @Test
    void anyOtherOptionGivenTwiceIsNamed() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(
                new String[] {"--flowlog.topic", "a", "--flowlog.topic=b"}, StreamOptions.ALL))
                .hasMessage("option --flowlog.topic given twice");
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        assertThatThrownBy(() -> CommandLineConfiguration.parse(new String[] {"--snapshot", "v1.json", "--out", "o"},
                ReplayCommand.OPTIONS, Set.of("snapshot", "flows", "out"), false))
                .hasMessage("missing required option --flows");
    }

    @Test
    void operandsAreTakenInOrderWhenTheCommandTakesThem() {
        CommandLineConfiguration.CommandLine cl = CommandLineConfiguration.parse(
                new String[] {"a.json", "--excerpt-chars", "8", "-", "b.json"},
                List.of(DecodeCommand.EXCERPT_CHARS), Set.of(), true);
        assertThat(cl.operands()).containsExactly("a.json", "-", "b.json");
        assertThat(cl.config().get(DecodeCommand.EXCERPT_CHARS)).isEqualTo(8);
    }

    @Test
    void helpIsAskedWhereAnOptionCouldStandNotAsAValue() {
        assertThat(CommandLineConfiguration.asksForHelp(new String[] {"--flows", "x", "--help"})).isTrue();
        assertThat(CommandLineConfiguration.asksForHelp(new String[] {"-h"})).isTrue();
        assertThat(CommandLineConfiguration.asksForHelp(new String[] {"--out", "-h"})).isFalse();
    }
}
