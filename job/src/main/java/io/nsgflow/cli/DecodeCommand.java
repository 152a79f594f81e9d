package io.nsgflow.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.nsgflow.flowlog.DecodeResult;
import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowRecordJson;
import io.nsgflow.flowlog.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * {@code nsgflow decode FILE...}: Azure flow-log JSON to one flat JSON FlowRecord per line on
 * stdout; rejections as JSON lines on stderr. Exit 0 when nothing was rejected, 3 when something
 * was, 2 for usage errors.
 */
final class DecodeCommand extends OptionCommand {

    private static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .rootValueSeparator((String) null) // each value is followed by '\n' instead
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "decode Azure flow-log JSON into one flat JSON FlowRecord per line";
    }

    static final ConfigOption<Integer> EXCERPT_CHARS = ConfigOptions.key("excerpt-chars")
            .intType()
            .defaultValue(FlowLogDecoder.DEFAULT_EXCERPT_CHARS)
            .withDescription("Cut each rejection's excerpt (the offending fragment, e.g. the flow tuple) to this many"
                    + " characters.");

    @Override
    List<ConfigOption<?>> options() {
        return List.of(EXCERPT_CHARS);
    }

    @Override
    String usage() {
        return "[--excerpt-chars N] FILE...";
    }

    @Override
    boolean takesOperands() {
        return true;
    }

    @Override
    List<String> about() {
        return List.of("Decodes Azure NSG flow logs (Version 1, 2) and VNet flow logs (flowLogVersion 4): a"
                + " {\"records\":[...]} blob, a single record, or JSON lines of either. FILE '-' is standard input.",
                "stdout: one JSON object per flow tuple, with the FlowRecord field names\n"
                + "stderr: one JSON object per rejected part of the input (reason, message, source, document, record,"
                + " path, offset, excerpt)");
    }

    @Override
    List<String> epilogue() {
        return List.of("exit status: 0 nothing rejected, 3 something rejected, 2 usage error");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err)
            throws IOException {
        List<String> inputs = commandLine.operands();
        int excerptChars = commandLine.config().get(EXCERPT_CHARS);
        if (excerptChars < 1) {
            return usageError(err, "option --" + EXCERPT_CHARS.key() + " must be a positive integer, was " + excerptChars);
        }
        for (String input : inputs) {
            if (input.startsWith("-") && !input.equals("-")) {
                return usageError(err, "unknown option " + input);
            }
        }
        if (inputs.isEmpty()) {
            return usageError(err, "no input: give one or more files, or - for standard input");
        }
        for (String input : inputs) {
            if (!input.equals("-") && !Files.isRegularFile(Path.of(input))) {
                return usageError(err, "not a readable file: " + input);
            }
        }

        FlowLogDecoder decoder = new FlowLogDecoder(excerptChars);
        boolean rejected = false;
        try (JsonGenerator records = JSON.createGenerator(out, JsonEncoding.UTF8);
                JsonGenerator rejections = JSON.createGenerator(err, JsonEncoding.UTF8)) {
            for (String input : inputs) {
                byte[] payload;
                try {
                    payload = input.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(input));
                } catch (IOException e) {
                    rejections.writeStartObject();
                    rejections.writeStringField("reason", "UNREADABLE_FILE");
                    rejections.writeStringField("message", String.valueOf(e.getMessage()));
                    rejections.writeStringField("source", input);
                    rejections.writeEndObject();
                    rejections.writeRaw('\n');
                    rejected = true;
                    continue;
                }
                DecodeResult result = decoder.decode(payload);
                for (FlowRecord r : result.flowRecords()) {
                    FlowRecordJson.write(records, r);
                    records.writeRaw('\n');
                }
                for (Rejection r : result.rejections()) {
                    FlowRecordJson.write(rejections, r, input);
                    rejections.writeRaw('\n');
                    rejected = true;
                }
                records.flush();
                rejections.flush();
            }
        }
        out.flush();
        err.flush();
        return rejected ? EXIT_PARTIAL : 0;
    }
}
