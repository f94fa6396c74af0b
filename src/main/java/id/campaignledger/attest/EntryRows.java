package id.campaignledger.attest;

import id.campaignledger.verify.Json;
import id.campaignledger.verify.SealedEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The columns of an entry as the chain hashes them, formatted by the database so that the text is
 * exactly the column's (numeric scale kept, instants in UTC with microseconds).
 */
final class EntryRows {

    static final String COLUMNS = """
            e.id::text as id, e.kind, e.reverses::text as reverses, p.code as partner,
            rp.code as recorded_by_partner, e.recorded_by_key_id::text as recorded_by_key_id, e.external_ref,
            c.code as campaign, e.campaign_id, e.umkm_id::text as umkm, e.region_code, e.channel,
            e.amount::text as amount, e.currency, e.fx_rate_to_idr::text as fx_rate_to_idr,
            e.amount_idr::text as amount_idr,
            to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
            to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as recorded_at,
            e.recorded_at as recorded_instant, e.metadata::text as metadata, e.reason,
            e.destination_country
            """;

    static final String JOINS = """
              join partner p on p.id = e.partner_id
              join campaign c on c.id = e.campaign_id
              left join partner rp on rp.id = e.recorded_by_partner_id
            """;

    private EntryRows() {
    }

    /** An entry read with {@link #COLUMNS}, with the given chain position and hashes (hex, may be null). */
    static SealedEntry read(ResultSet r, long seq, long campaignSeq, String hash, String campaignHash)
            throws SQLException {
        return new SealedEntry(seq, campaignSeq, r.getString("id"), r.getString("kind"), r.getString("reverses"),
                r.getString("partner"), r.getString("recorded_by_partner"), r.getString("recorded_by_key_id"),
                r.getString("external_ref"), r.getString("campaign"), r.getString("umkm"),
                r.getString("region_code"), r.getString("channel"), r.getString("amount"), r.getString("currency"),
                r.getString("fx_rate_to_idr"), r.getString("amount_idr"), r.getString("occurred_at"),
                r.getString("recorded_at"), Json.canonicalText(r.getString("metadata")), r.getString("reason"), hash,
                campaignHash, r.getString("destination_country"));
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }
}
