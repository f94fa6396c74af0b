package id.campaignledger.ledger;

/**
 * A part of the statement that inserts ledger entries: common table expressions that run in the
 * same statement, over exactly the rows it inserted. Another package keeps what it derives from
 * entries (totals, for one) by contributing a bean of this type, without the ledger knowing it.
 *
 * <p>Each part reads the CTE {@code dated}: every column {@code ledger_entry} returns for an
 * inserted row (id, campaign_id, umkm_id, occurred_at, recorded_at, region_code, channel,
 * currency, partner_id, amount_idr, kind, destination_country) plus {@code day}, its day in the ledger time zone.
 * Parts run in the order of {@link #order()}; within a part, rows should be written in key order,
 * so that two writers meeting on several rows lock them in the same order.
 */
public interface EntryInsertPart {

    /** One or more CTEs, "name as (...)", comma-separated; names unique across parts. */
    String ctes();

    /** Parts with a lower number come first in the statement. */
    int order();
}
