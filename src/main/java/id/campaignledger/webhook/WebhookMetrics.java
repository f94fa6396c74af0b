package id.campaignledger.webhook;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox for Prometheus: {@code ledger_webhook_backlog} (messages waiting for enabled
 * subscriptions, counting posted entries yet to be sent),
 * {@code ledger_webhook_oldest_pending_age_seconds}, {@code ledger_webhook_yielding} (1 while this
 * replica holds posted entries' events back, {@link PostingYield}) and {@code
 * ledger_webhook_attempts_total} by verdict. The gauges are refreshed by the dispatcher
 * every few seconds, so a scrape never waits for the database.
 */
@ApplicationScoped
public class WebhookMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookClock clock;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong yielding = new AtomicLong();

    void register(@Observes StartupEvent started) {
        Gauge.builder("ledger.webhook.backlog", backlog, AtomicLong::get)
                .description("Webhook messages waiting to be delivered to enabled subscriptions").register(registry);
        Gauge.builder("ledger.webhook.oldest.pending.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest webhook message waiting to be delivered").register(registry);
        Gauge.builder("ledger.webhook.yielding", yielding, AtomicLong::get)
                .description("1 while this replica holds posted entries' events back for the posts").register(registry);
    }

    public void refresh() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select coalesce(sum(w.messages), 0), coalesce(extract(epoch from (?::timestamptz - min(w.since))), 0)
                  from (select count(*) as messages, min(m.created_at) as since
                          from webhook_message m join webhook_subscription s on s.id = m.subscription_id and s.enabled
                         where m.status = 'PENDING'
                        -- Posted entries the dispatcher has yet to send (EntryEvents).
                        union all
                        select sum(e.entries), min(e.created_at)
                          from webhook_entry_event e join webhook_subscription s on s.id = e.subscription_id and s.enabled
                       ) w
                """)) {
            s.setTimestamp(1, Timestamp.from(clock.now()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                backlog.set(r.getLong(1));
                oldestAgeSeconds.set(Math.max(0, (long) r.getDouble(2)));
            }
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    public long backlog() {
        return backlog.get();
    }

    public long oldestPendingAgeSeconds() {
        return oldestAgeSeconds.get();
    }

    void yielding(boolean now) {
        yielding.set(now ? 1 : 0);
    }

    void attempted(RetrySchedule.Verdict verdict, String status) {
        Counter.builder("ledger.webhook.attempts").description("Webhook delivery attempts, by verdict")
                .tags("verdict", verdict.name().toLowerCase(Locale.ROOT), "status", status.toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
