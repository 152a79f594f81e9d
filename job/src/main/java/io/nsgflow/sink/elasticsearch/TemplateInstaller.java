package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.transport.ElasticsearchTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs the index templates when a sink subtask starts; bad credentials or hosts fail here, first. */
final class TemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);

    private TemplateInstaller() {}

    static void install(ElasticsearchTransport transport, ElasticsearchConnection connection, IndexNames names,
            RetryPolicy retryPolicy) {
        for (int attempt = 1; ; attempt++) {
            try {
                IndexTemplates.install(ElasticsearchClients.blocking(transport), names);
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
}
