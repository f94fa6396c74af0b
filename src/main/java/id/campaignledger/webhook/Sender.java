package id.campaignledger.webhook;

import id.campaignledger.common.LedgerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One delivery attempt over HTTP: the URL checked again, then a signed POST with the timeout. */
final class Sender {

    private static final int MAX_ERROR = 500;

    /**
     * What an attempt came to. {@code unreachable}: no connection could be made at all (refused,
     * no route, connect timeout), so the receiver saw nothing.
     */
    record Outcome(Integer status, String error, Optional<Duration> retryAfter, int durationMs, boolean unreachable) {
    }

    private final LedgerConfig.Webhooks config;
    private final HttpClient http;

    Sender(LedgerConfig.Webhooks config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                // A redirect could lead anywhere, the service's own network included: it counts as a failure.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome send(Dispatcher.Claimed m, Instant at) {
        long started = System.nanoTime();
        Optional<String> refused = UrlGuard.refuse(m.url(), config.allowPrivateUrls());
        if (refused.isPresent()) {
            return new Outcome(null, "refused: the URL " + refused.get(), Optional.empty(), 0, false);
        }
        long timestamp = at.getEpochSecond();
        String messageId = m.id().toString();
        String signature = Signatures.sign(m.secret(), messageId, timestamp, m.body());
        if (m.previousSecret() != null && m.previousSecretUntil() != null && m.previousSecretUntil().isAfter(at)) {
            signature += " " + Signatures.sign(m.previousSecret(), messageId, timestamp, m.body());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "campaign-ledger-webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(m.body()))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // The body is of no interest, and a receiver that streams forever must not hold a sender.
            response.body().close();
            return new Outcome(response.statusCode(), null,
                    RetrySchedule.retryAfter(response.headers().firstValue("Retry-After").orElse(null), at),
                    elapsed(started), false);
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(null, "connect timed out after " + config.timeout().toSeconds() + " s",
                    Optional.empty(), elapsed(started), true);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timed out after " + config.timeout().toSeconds() + " s", Optional.empty(),
                    elapsed(started), false);
        } catch (ConnectException e) {
            return new Outcome(null, truncate("could not connect: " + e.getMessage()), Optional.empty(),
                    elapsed(started), true);
        } catch (IOException e) {
            return new Outcome(null, truncate(e.getClass().getSimpleName() + ": " + e.getMessage()),
                    Optional.empty(), elapsed(started), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", Optional.empty(), elapsed(started), false);
        }
    }

    private static int elapsed(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
