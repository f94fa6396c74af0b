package id.campaignledger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes an event for every enabled subscription that asks for it, in the caller's transaction
 * (MANDATORY): the event commits with the fact it announces, or neither does. Ledger entries and
 * target revisions need no call: database triggers write theirs (V30).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            insert into webhook_message (id, subscription_id, event_type, payload)
            select gen_random_uuid(), s.id, ?,
                   jsonb_build_object('type', ?::text, 'timestamp', ?::text, 'data', ?::jsonb)
              from webhook_subscription s
             where s.enabled and ? = any (s.event_types)
               and (?::integer is null or s.partner_id = ?)
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    WebhookClock clock;

    /**
     * The event with {@code data} as its payload's data member, to the subscriptions of
     * {@code partnerId} only, or to every subscription when it is null. Returns how many messages
     * were written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int emit(EventType type, Integer partnerId, Object data) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, type.wire());
            s.setString(2, type.wire());
            s.setString(3, clock.now().toString());
            s.setString(4, json.writeValueAsString(data));
            s.setString(5, type.wire());
            s.setObject(6, partnerId, java.sql.Types.INTEGER);
            s.setObject(7, partnerId, java.sql.Types.INTEGER);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("An event's data must be serialisable", e);
        }
    }
}
