package id.campaignledger.webhook;

import id.campaignledger.webhook.RetrySchedule.Verdict;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records the dispatcher's attempts: a group of them in one transaction, one statement for the
 * attempts and the messages they were made of and one for the entries' messages sent before they
 * were written, since every transaction is a commit the posts wait behind.
 */
@ApplicationScoped
class AttemptRecorder {

    /** An attempt made: sent at {@code at}, its outcome known at {@code ended}. */
    record Attempt(Dispatcher.Claimed message, Instant at, Sender.Outcome outcome, Instant ended) {
    }

    /**
     * Counts every attempt into its message and lists it under the number that count gives: the
     * message's row lock orders two holders' records of the same message (one whose lease ran
     * out, or was taken by a redelivery, and the new holder), so each attempt made gets a number
     * of its own. Only an attempt made under the lease the message still carries moves the
     * message on (its schedule step, status, due time and last outcome); the other holder
     * records its own.
     */
    private static final String RECORD = """
            with u as (
                select * from unnest(?::uuid[], ?::timestamptz[], ?::integer[], ?::text[], ?::integer[], ?::text[],
                                     ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                       as u(id, attempted_at, status_code, error, duration_ms, status, next_attempt_at,
                            delivered_at, lease)
            ), counted as (
                update webhook_message m
                   set attempts = m.attempts + 1,
                       step = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                   then m.step + 1 else m.step end,
                       status = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                     then u.status else m.status end,
                       next_attempt_at = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                              then u.next_attempt_at else m.next_attempt_at end,
                       last_status = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                          then u.status_code else m.last_status end,
                       last_error = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                         then u.error else m.last_error end,
                       delivered_at = case when m.status = 'PENDING' and m.next_attempt_at = u.lease
                                           then u.delivered_at else m.delivered_at end
                  from u
                 where m.id = u.id
                returning m.id, m.attempts
            )
            insert into webhook_attempt (message_id, number, attempted_at, status_code, error, duration_ms)
            select c.id, c.attempts, u.attempted_at, u.status_code, u.error, u.duration_ms
              from counted c join u on u.id = c.id
            -- Only numbers listed before attempts were counted this way can already be taken.
            on conflict do nothing
            """;

    /**
     * Writes the entries' messages sent before they were written ({@link Dispatcher.Unsent}), with
     * their first attempt, as {@link #RECORD} leaves them: in their schedule's first step. One the
     * deliveries list wrote meanwhile (unsent, due when the lease runs out) was recorded into by
     * {@link #RECORD} in the same transaction, so it is left alone here; so is one of a subscription
     * deleted meanwhile.
     */
    private static final String WRITE_SENT = """
            with u as (
                select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                                     ?::integer[], ?::text[], ?::integer[], ?::text[], ?::timestamptz[],
                                     ?::timestamptz[])
                       as u(id, subscription_id, event_type, payload, created_at, attempted_at, status_code,
                            error, duration_ms, status, next_attempt_at, delivered_at)
            ), written as (
                insert into webhook_message (id, subscription_id, event_type, payload, created_at, status, attempts,
                                             step, next_attempt_at, last_status, last_error, delivered_at)
                select u.id, u.subscription_id, u.event_type, u.payload::jsonb, u.created_at, u.status, 1, 1,
                       u.next_attempt_at, u.status_code, u.error, u.delivered_at
                  from u join webhook_subscription s on s.id = u.subscription_id
                 where not exists (select 1 from webhook_message m where m.id = u.id)
                on conflict (id) do nothing
                returning id
            )
            insert into webhook_attempt (message_id, number, attempted_at, status_code, error, duration_ms)
            select w.id, 1, u.attempted_at, u.status_code, u.error, u.duration_ms
              from written w join u on u.id = w.id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookMetrics metrics;

    /**
     * The attempts and their messages' next states, all in one transaction ({@link #RECORD}); a 410
     * also disables the subscription. If it fails, none is recorded: the leases run out and the
     * messages are sent again. An attempt is always counted and listed; it moves its message on only
     * while the message still carries the lease it was sent under. An entry's message sent before it
     * was written is written with its attempt ({@link #WRITE_SENT}). A message appears at most once
     * in {@code attempts} (one pass claims or takes it once).
     */
    void record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        int n = attempts.size();
        Object[] ids = new Object[n];
        Object[] attemptedAt = new Object[n];
        Object[] codes = new Object[n];
        Object[] errors = new Object[n];
        Object[] durations = new Object[n];
        Object[] statuses = new Object[n];
        Object[] nextAt = new Object[n];
        Object[] deliveredAt = new Object[n];
        Object[] leases = new Object[n];
        Verdict[] verdicts = new Verdict[n];
        Map<UUID, Instant> gone = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            Sender.Outcome outcome = a.outcome();
            Verdict verdict = outcome.error() != null && outcome.error().startsWith("refused:") ? Verdict.STOP
                    : RetrySchedule.verdict(outcome.status());
            Optional<Instant> next = verdict == Verdict.RETRY
                    ? RetrySchedule.next(a.message().step(), a.ended(), outcome.retryAfter())
                    : Optional.empty();
            verdicts[i] = verdict;
            ids[i] = a.message().id();
            // Timestamps travel as text: ISO-8601 with its Z, which timestamptz reads exactly.
            attemptedAt[i] = a.at().toString();
            codes[i] = outcome.status();
            errors[i] = outcome.error();
            durations[i] = outcome.durationMs();
            statuses[i] = verdict == Verdict.DELIVERED ? "DELIVERED" : next.isPresent() ? "PENDING" : "FAILED";
            nextAt[i] = next.map(Instant::toString).orElse(null);
            deliveredAt[i] = verdict == Verdict.DELIVERED ? a.at().toString() : null;
            leases[i] = a.message().lease().toString();
            if (verdict == Verdict.GONE) {
                gone.putIfAbsent(a.message().subscriptionId(), a.at());
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(RECORD)) {
                    s.setArray(1, c.createArrayOf("uuid", ids));
                    s.setArray(2, c.createArrayOf("text", attemptedAt));
                    s.setArray(3, c.createArrayOf("integer", codes));
                    s.setArray(4, c.createArrayOf("text", errors));
                    s.setArray(5, c.createArrayOf("integer", durations));
                    s.setArray(6, c.createArrayOf("text", statuses));
                    s.setArray(7, c.createArrayOf("text", nextAt));
                    s.setArray(8, c.createArrayOf("text", deliveredAt));
                    s.setArray(9, c.createArrayOf("text", leases));
                    s.executeUpdate();
                }
                writeSent(c, attempts, codes, errors, durations, statuses, nextAt, deliveredAt);
                for (Map.Entry<UUID, Instant> g : gone.entrySet()) {
                    try (PreparedStatement s = c.prepareStatement("""
                            update webhook_subscription set enabled = false, disabled_reason = ?, updated_at = ?
                             where id = ?
                            """)) {
                        s.setString(1, "The receiver answered 410 Gone at " + g.getValue() + ".");
                        s.setTimestamp(2, Timestamp.from(g.getValue()));
                        s.setObject(3, g.getKey());
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
        for (int i = 0; i < n; i++) {
            metrics.attempted(verdicts[i], (String) statuses[i]);
        }
    }

    /** {@link #WRITE_SENT} for the attempts of unsent messages, with the outcomes {@link #record} worked out. */
    private static void writeSent(Connection c, List<Attempt> attempts, Object[] codes, Object[] errors,
            Object[] durations, Object[] statuses, Object[] nextAt, Object[] deliveredAt) throws SQLException {
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).message().unsent() != null) {
                sent.add(i);
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(WRITE_SENT)) {
            s.setArray(1, c.createArrayOf("uuid", sent.stream().map(i -> attempts.get(i).message().id()).toArray()));
            s.setArray(2, c.createArrayOf("uuid",
                    sent.stream().map(i -> attempts.get(i).message().subscriptionId()).toArray()));
            s.setArray(3, c.createArrayOf("text",
                    sent.stream().map(i -> attempts.get(i).message().unsent().eventType()).toArray()));
            s.setArray(4, c.createArrayOf("text", sent.stream().map(i -> attempts.get(i).message().body()).toArray()));
            s.setArray(5, c.createArrayOf("text",
                    sent.stream().map(i -> attempts.get(i).message().unsent().createdAt().toString()).toArray()));
            s.setArray(6, c.createArrayOf("text", sent.stream().map(i -> attempts.get(i).at().toString()).toArray()));
            s.setArray(7, c.createArrayOf("integer", sent.stream().map(i -> codes[i]).toArray()));
            s.setArray(8, c.createArrayOf("text", sent.stream().map(i -> errors[i]).toArray()));
            s.setArray(9, c.createArrayOf("integer", sent.stream().map(i -> durations[i]).toArray()));
            s.setArray(10, c.createArrayOf("text", sent.stream().map(i -> statuses[i]).toArray()));
            s.setArray(11, c.createArrayOf("text", sent.stream().map(i -> nextAt[i]).toArray()));
            s.setArray(12, c.createArrayOf("text", sent.stream().map(i -> deliveredAt[i]).toArray()));
            s.executeUpdate();
        }
    }
}
