package io.nsgflow.sink.elasticsearch;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorts the items of one bulk response: indexed, superseded (a later version is indexed), to retry (429/5xx, until the per-document
 * limit), to dead-letter (permanent failures and exhausted retries) or lost (a dead letter that
 * was itself refused for good), and whether one of them is fatal.
 */
final class BulkTriage {

    final List<BulkItem> retry = new ArrayList<>();
    final List<BulkItem> deadLetters = new ArrayList<>();
    final List<String> lost = new ArrayList<>();
    int indexed;
    /** Versioned documents Elasticsearch already holds a later version of. */
    int superseded;
    int failedRetryably;
    String fatal;

    private BulkTriage() {}

    static BulkTriage of(List<BulkItem> sent, List<ItemResult> results, RetryPolicy retryPolicy, IndexNames names,
            long now) {
        if (sent.size() != results.size()) {
            throw new IllegalStateException("bulk response has " + results.size() + " items for " + sent.size()
                    + " operations");
        }
        BulkTriage triage = new BulkTriage();
        for (int i = 0; i < sent.size(); i++) {
            BulkItem item = sent.get(i);
            ItemResult result = results.get(i);
            if (!result.failed()) {
                triage.indexed++;
                continue;
            }
            switch (FailureClassifier.item(result.status(), result.errorType(), item.versioned())) {
                case SUPERSEDED -> triage.superseded++;
                case FATAL -> {
                    if (triage.fatal == null) {
                        triage.fatal = "Elasticsearch refused to write index " + item.index() + ": "
                                + result.describe() + "; check the privileges of the configured user or API key";
                    }
                }
                case RETRYABLE -> {
                    triage.failedRetryably++;
                    if (retryPolicy.mayRetry(item.attempts() + 1)) {
                        triage.retry.add(item.nextAttempt());
                    } else {
                        triage.permanent(item, DeadLetterItems.retriesExhausted(item, result, now, names), result,
                                names);
                    }
                }
                case PERMANENT -> triage.permanent(item, DeadLetterItems.refused(item, result, now, names), result,
                        names);
            }
        }
        return triage;
    }

    private void permanent(BulkItem item, BulkItem deadLetter, ItemResult result, IndexNames names) {
        if (DeadLetterItems.isDeadLetter(item, names)) {
            lost.add(item.index() + "/" + item.id() + ": " + result.describe());
        } else {
            deadLetters.add(deadLetter);
        }
    }

    /** The largest attempt count among the retried items: it sets the backoff. */
    int maxRetryAttempt() {
        return retry.stream().mapToInt(BulkItem::attempts).max().orElse(0);
    }
}
