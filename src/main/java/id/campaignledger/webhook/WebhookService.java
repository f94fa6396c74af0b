package id.campaignledger.webhook;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import id.campaignledger.partner.Caller;
import id.campaignledger.webhook.WebhookRecords.RotatedSecret;
import id.campaignledger.webhook.WebhookRecords.SubscriptionInput;
import id.campaignledger.webhook.WebhookRecords.SubscriptionPatch;
import id.campaignledger.webhook.WebhookRecords.SubscriptionView;
import id.campaignledger.webhook.WebhookRecords.SubscriptionWithSecret;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions. An administrator manages every subscription, a partner only its own; someone
 * else's subscription answers 404, as if it did not exist. Their deliveries: {@link WebhookDeliveries}.
 */
@ApplicationScoped
public class WebhookService {

    private static final String SUBSCRIPTION = """
            select s.id, p.code, s.url, s.event_types, s.description, s.enabled, s.disabled_reason,
                   s.previous_secret_until, s.created_at, s.updated_at, s.partner_id
              from webhook_subscription s left join partner p on p.id = s.partner_id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerConfig ledgerConfig;

    private LedgerConfig.Webhooks config() {
        return ledgerConfig.webhooks();
    }

    @Inject
    WebhookClock clock;

    @Transactional
    public SubscriptionWithSecret create(Caller caller, SubscriptionInput input) {
        Integer owner = owner(caller, input.partner());
        String url = checkedUrl(input.url());
        List<String> types = eventTypes(input.eventTypes());
        String secret = Signatures.newSecret();
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "select count(*) from webhook_subscription where partner_id is not distinct from ?")) {
                s.setObject(1, owner);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= config().maxSubscriptionsPerOwner()) {
                        throw LedgerException.rule("An owner may have at most " + config().maxSubscriptionsPerOwner()
                                + " subscriptions; delete one first.");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    insert into webhook_subscription (id, partner_id, url, event_types, description, enabled, secret,
                                                      created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                s.setObject(1, id);
                s.setObject(2, owner);
                s.setString(3, url);
                s.setArray(4, c.createArrayOf("text", types.toArray()));
                s.setString(5, blankToNull(input.description()));
                s.setBoolean(6, input.enabled() == null || input.enabled());
                s.setString(7, secret);
                s.setTimestamp(8, Timestamp.from(now));
                s.setTimestamp(9, Timestamp.from(now));
                s.executeUpdate();
            }
            SubscriptionView v = find(c, id).orElseThrow().view();
            return new SubscriptionWithSecret(v.id(), v.partner(), v.url(), v.eventTypes(), v.description(),
                    v.enabled(), v.disabledReason(), v.previousSecretValidUntil(), v.createdAt(), v.updatedAt(),
                    secret);
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    @Transactional
    public List<SubscriptionView> list(Caller caller) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SUBSCRIPTION
                        + (caller.isAdmin() ? "" : " where s.partner_id = ?") + " order by s.created_at, s.id")) {
            if (!caller.isAdmin()) {
                s.setObject(1, caller.partnerId());
            }
            List<SubscriptionView> views = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    views.add(row(r).view());
                }
            }
            return views;
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    @Transactional
    public SubscriptionView get(Caller caller, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return visible(c, caller, id).view();
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    @Transactional
    public SubscriptionView update(Caller caller, UUID id, SubscriptionPatch patch) {
        try (Connection c = dataSource.getConnection()) {
            Row current = visible(c, caller, id);
            String url = patch.url() == null ? current.view().url() : checkedUrl(patch.url());
            List<String> types = patch.eventTypes() == null ? current.view().eventTypes()
                    : eventTypes(patch.eventTypes());
            String description = patch.description() == null ? current.view().description()
                    : blankToNull(patch.description());
            boolean enabled = patch.enabled() == null ? current.view().enabled() : patch.enabled();
            try (PreparedStatement s = c.prepareStatement("""
                    update webhook_subscription
                       set url = ?, event_types = ?, description = ?, enabled = ?,
                           disabled_reason = case when ? then null else disabled_reason end, updated_at = ?
                     where id = ?
                    """)) {
                s.setString(1, url);
                s.setArray(2, c.createArrayOf("text", types.toArray()));
                s.setString(3, description);
                s.setBoolean(4, enabled);
                s.setBoolean(5, enabled);
                s.setTimestamp(6, Timestamp.from(clock.now()));
                s.setObject(7, id);
                s.executeUpdate();
            }
            return find(c, id).orElseThrow().view();
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    /** Deletes the subscription with its undelivered messages and its delivery history. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            visible(c, caller, id);
            try (PreparedStatement s = c.prepareStatement("delete from webhook_subscription where id = ?")) {
                s.setObject(1, id);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    /**
     * A new secret; the current one becomes the previous one and keeps signing (both signatures
     * are sent) until the grace period ends. A secret still in its grace period is dropped.
     */
    @Transactional
    public RotatedSecret rotate(Caller caller, UUID id, Long graceSeconds) {
        Duration grace = graceSeconds == null ? config().rotationGrace() : Duration.ofSeconds(graceSeconds);
        Instant until = clock.now().plus(grace);
        String secret = Signatures.newSecret();
        try (Connection c = dataSource.getConnection()) {
            visible(c, caller, id);
            try (PreparedStatement s = c.prepareStatement("""
                    update webhook_subscription
                       set previous_secret = secret, previous_secret_until = ?, secret = ?, updated_at = ?
                     where id = ?
                    """)) {
                s.setTimestamp(1, Timestamp.from(until));
                s.setString(2, secret);
                s.setTimestamp(3, Timestamp.from(clock.now()));
                s.setObject(4, id);
                s.executeUpdate();
            }
            return new RotatedSecret(secret, until);
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    private Integer owner(Caller caller, String partnerCode) {
        if (partnerCode == null || partnerCode.equals(caller.code())) {
            return caller.partnerId();
        }
        if (!caller.isAdmin()) {
            throw new LedgerException(ProblemType.FORBIDDEN, "A partner subscribes for itself only.");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from partner where code = ?")) {
            s.setString(1, partnerCode);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw LedgerException.invalid("partner", "names no partner");
                }
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new WebhookStoreException(e);
        }
    }

    private String checkedUrl(String url) {
        Optional<String> refused = UrlGuard.refuse(url.strip(), config().allowPrivateUrls());
        if (refused.isPresent()) {
            throw LedgerException.invalid("url", refused.get());
        }
        return url.strip();
    }

    private static List<String> eventTypes(List<String> asked) {
        for (String t : asked) {
            if (EventType.of(t).isEmpty()) {
                throw LedgerException.invalid("eventTypes", "'" + t + "' is not one of "
                        + String.join(", ", Arrays.stream(EventType.values()).map(EventType::wire).toList()));
            }
        }
        return List.copyOf(new LinkedHashSet<>(asked));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The subscription, if the caller may see it; 404 otherwise, as if it did not exist. */
    Row visible(Connection c, Caller caller, UUID id) throws SQLException {
        return find(c, id).filter(r -> caller.isAdmin() || (r.partnerId() != null
                && r.partnerId().equals(caller.partnerId())))
                .orElseThrow(() -> LedgerException.notFound("There is no webhook " + id + "."));
    }

    private Optional<Row> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SUBSCRIPTION + " where s.id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    record Row(SubscriptionView view, Integer partnerId) {
    }

    private static Row row(ResultSet r) throws SQLException {
        String owner = r.getString(2);
        return new Row(new SubscriptionView(r.getObject(1, UUID.class), owner == null ? Caller.BOOTSTRAP_ADMIN : owner,
                r.getString(3), List.of((String[]) r.getArray(4).getArray()), r.getString(5), r.getBoolean(6),
                r.getString(7), instant(r, 8), instant(r, 9), instant(r, 10)), (Integer) r.getObject(11));
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A database failure: the mapper turns a lost connection into 503. */
    static final class WebhookStoreException extends RuntimeException {
        WebhookStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
