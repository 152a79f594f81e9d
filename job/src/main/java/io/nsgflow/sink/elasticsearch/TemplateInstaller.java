package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.ElasticsearchTransport;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the index templates when a sink subtask starts; bad credentials or hosts fail here,
 * first. A PUT of each template: idempotent, and safe when several subtasks do it at once.
 */
final class TemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);

    private TemplateInstaller() {}

    static void install(ElasticsearchTransport transport, ElasticsearchConnection connection, IndexNames names,
            List<IndexTemplate> templates, RetryPolicy retryPolicy) {
        List<IndexTemplate> all = new ArrayList<>(templates);
        all.add(IndexTemplate.deadLetters());
        for (int attempt = 1; ; attempt++) {
            try {
                put(ElasticsearchClients.blocking(transport), names, all);
                return;
            } catch (Exception e) {
                int status = Failures.status(e);
                if (FailureClassifier.request(e, status) != FailureKind.RETRYABLE) {
                    throw new ElasticsearchSinkException(
                            FailureClassifier.fatalMessage(e, status, connection.describeHosts()));
                }
                if (!retryPolicy.mayRetry(attempt)) {
                    throw new ElasticsearchSinkException("cannot install the index templates on "
                            + connection.describeHosts() + " after " + attempt + " attempts: " + Failures.describe(e));
                }
                long backoff = retryPolicy.backoffMillis(attempt);
                LOG.warn("installing index templates on {} failed ({}); retrying in {} ms",
                        connection.describeHosts(), Failures.describe(e), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ElasticsearchSinkException("interrupted while installing index templates", interrupted);
                }
            }
        }
    }

    /** PUTs every template; exceptions of the client pass through. */
    static void put(ElasticsearchClient client, IndexNames names, List<IndexTemplate> templates) throws IOException {
        for (IndexTemplate t : templates) {
            String body = t.forPrefix(names).toString();
            client.indices().putIndexTemplate(r -> r.name(t.name(names)).withJson(new StringReader(body)));
        }
    }
}
