package io.nsgflow.sink.webhook;

import java.net.URI;

/**
 * What may be shown of a webhook URL: scheme, host and port. Slack and Teams put their token in the
 * path (and others in the query), so logs, dead letters and toString never show more.
 */
final class WebhookEndpoint {

    private WebhookEndpoint() {}

    static String of(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getScheme() + "://" + url.getHost() + ":" + port;
    }
}
