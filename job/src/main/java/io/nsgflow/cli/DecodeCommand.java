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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nsgflow decode FILE...}: Azure flow-log JSON to one flat JSON FlowRecord per line on
 * stdout; rejections as JSON lines on stderr. Exit 0 when nothing was rejected, 3 when something
 * was, 2 for usage errors.
 */
final class DecodeCommand implements Command {

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

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        List<String> inputs = new ArrayList<>();
        int excerptChars = FlowLogDecoder.DEFAULT_EXCERPT_CHARS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage(out);
                return 0;
            } else if (a.equals("--excerpt-chars")) {
                if (i + 1 >= args.length) {
                    return usageError(err, "--excerpt-chars needs a value");
                }
                try {
                    excerptChars = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    excerptChars = 0;
                }
                if (excerptChars < 1) {
                    return usageError(err, "--excerpt-chars must be a positive integer, was '" + args[i] + "'");
                }
            } else if (a.startsWith("-") && !a.equals("-")) {
                return usageError(err, "unknown option '" + a + "'");
            } else {
                inputs.add(a);
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

    private static int usageError(PrintStream err, String message) {
        err.println("nsgflow decode: " + message);
        usage(err);
        return EXIT_USAGE;
    }

    private static void usage(PrintStream out) {
        out.println("usage: nsgflow decode [--excerpt-chars N] FILE...");
        out.println();
        out.println("Decodes Azure NSG flow logs (Version 1, 2) and VNet flow logs (flowLogVersion 4): a");
        out.println("{\"records\":[...]} blob, a single record, or JSON lines of either. FILE '-' is standard input.");
        out.println();
        out.println("stdout: one JSON object per flow tuple, with the FlowRecord field names");
        out.println("stderr: one JSON object per rejected part of the input (reason, message, source,");
        out.println("        document, record, path, offset, excerpt)");
        out.println();
        out.println("options:");
        out.println("  --excerpt-chars N  cut rejection excerpts to N characters (default "
                + FlowLogDecoder.DEFAULT_EXCERPT_CHARS + ")");
        out.println();
        out.println("exit status: 0 nothing rejected, 3 something rejected, 2 usage error");
    }
}
