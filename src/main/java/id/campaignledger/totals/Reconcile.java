package id.campaignledger.totals;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.Money;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.common.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Recomputes a campaign's maintained totals from its entries and reports every difference. */
@ApplicationScoped
public class Reconcile {

    /**
     * One difference: which totals (daily, monthly, region_monthly, umkm, destination_daily,
     * destination_monthly, umkm_yearly, large_sale), the bucket's key (day is the month's first day
     * for monthly totals and the year's first day for yearly ones; monthly totals per region have
     * no channel or currency; UMKM totals have no day, channel or currency; destination totals have
     * the destination country and no region; a large sale is keyed by its day, UMKM and partner,
     * with a sale count of 1 on the side that lists it) and both values.
     */
    public record Difference(String totals, LocalDate day, String regionCode, String channel, String currency,
            UUID umkmId, String partner, String expectedAmountIdr, String actualAmountIdr, long expectedSaleCount,
            long actualSaleCount, String destinationCountry) {
    }

    public record Reconciliation(String campaign, Instant checkedAt, boolean consistent,
            List<Difference> differences) {
    }

    /**
     * For each kind of totals, a full outer join of the recomputation and the maintained rows;
     * equal keys with equal values drop out. One statement, so all four read one snapshot.
     */
    private static final Sql COMPARE = Sql.of("""
            with entries as (
                select *, (occurred_at at time zone :zone)::date as day from ledger_entry where campaign_id = :campaign),
            daily as (
                select day, region_code, channel, currency, partner_id, sum(amount_idr) as amount_idr,
                       count(*) filter (where kind = 'SALE') as sale_count
                  from entries group by 1, 2, 3, 4, 5),
            monthly as (
                select date_trunc('month', day)::date as day, region_code, channel, currency, partner_id,
                       sum(amount_idr) as amount_idr, sum(sale_count) as sale_count
                  from daily group by 1, 2, 3, 4, 5),
            region_monthly as (
                select day, region_code, partner_id, sum(amount_idr) as amount_idr, sum(sale_count) as sale_count
                  from monthly group by 1, 2, 3),
            per_umkm as (
                select umkm_id, region_code, partner_id, sum(amount_idr) as amount_idr,
                       count(*) filter (where kind = 'SALE') as sale_count,
                       min(recorded_at) filter (where kind = 'SALE') as first_sale
                  from entries group by 1, 2, 3),
            destination_daily as (
                select day, destination_country, partner_id, sum(amount_idr) as amount_idr,
                       count(*) filter (where kind = 'SALE') as sale_count
                  from entries where destination_country is not null group by 1, 2, 3),
            destination_monthly as (
                select date_trunc('month', day)::date as day, destination_country, partner_id,
                       sum(amount_idr) as amount_idr, sum(sale_count) as sale_count
                  from destination_daily group by 1, 2, 3),
            per_umkm_yearly as (
                select extract(year from day)::int as year, umkm_id, region_code, partner_id,
                       sum(amount_idr) as amount_idr, count(*) filter (where kind = 'SALE') as sale_count
                  from entries group by 1, 2, 3, 4),
            large_sales as (
                select id, day, umkm_id, partner_id, amount_idr from entries
                 where kind = 'SALE' and amount_idr > 2000000000.00),
            differences as (
                select 'daily' as totals, coalesce(e.day, a.day) as day, coalesce(e.region_code, a.region_code),
                       coalesce(e.channel, a.channel), coalesce(e.currency, a.currency), null::uuid as umkm_id,
                       coalesce(e.partner_id, a.partner_id) as partner_id, coalesce(e.amount_idr, 0),
                       coalesce(a.amount_idr, 0), coalesce(e.sale_count, 0), coalesce(a.sale_count, 0), null::text
                  from daily e
                  full join (select * from ledger_daily where campaign_id = :campaign) a
                    on (a.day, a.region_code, a.channel, a.currency, a.partner_id)
                     = (e.day, e.region_code, e.channel, e.currency, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                select 'monthly', coalesce(e.day, a.month), coalesce(e.region_code, a.region_code),
                       coalesce(e.channel, a.channel), coalesce(e.currency, a.currency), null::uuid,
                       coalesce(e.partner_id, a.partner_id), coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0),
                       coalesce(e.sale_count, 0), coalesce(a.sale_count, 0), null::text
                  from monthly e
                  full join (select * from ledger_monthly where campaign_id = :campaign) a
                    on (a.month, a.region_code, a.channel, a.currency, a.partner_id)
                     = (e.day, e.region_code, e.channel, e.currency, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                select 'region_monthly', coalesce(e.day, a.month), coalesce(e.region_code, a.region_code), null,
                       null, null::uuid, coalesce(e.partner_id, a.partner_id), coalesce(e.amount_idr, 0),
                       coalesce(a.amount_idr, 0), coalesce(e.sale_count, 0), coalesce(a.sale_count, 0), null::text
                  from region_monthly e
                  full join (select * from ledger_region_monthly where campaign_id = :campaign) a
                    on (a.month, a.region_code, a.partner_id) = (e.day, e.region_code, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                select 'umkm', null::date, coalesce(e.region_code, a.region_code), null, null,
                       coalesce(e.umkm_id, a.umkm_id), coalesce(e.partner_id, a.partner_id),
                       coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0), coalesce(e.sale_count, 0),
                       coalesce(a.sale_count, 0), null::text
                  from per_umkm e
                  full join (select * from ledger_umkm where campaign_id = :campaign) a
                    on (a.umkm_id, a.region_code, a.partner_id) = (e.umkm_id, e.region_code, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                    or e.first_sale is distinct from a.first_sale_recorded_at
                union all
                select 'destination_daily', coalesce(e.day, a.day), null, 'EXPORT', null, null::uuid,
                       coalesce(e.partner_id, a.partner_id), coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0),
                       coalesce(e.sale_count, 0), coalesce(a.sale_count, 0), coalesce(e.destination_country,
                       a.destination_country)
                  from destination_daily e
                  full join (select * from ledger_destination_daily where campaign_id = :campaign) a
                    on (a.day, a.destination_country, a.partner_id) = (e.day, e.destination_country, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                select 'destination_monthly', coalesce(e.day, a.month), null, 'EXPORT', null, null::uuid,
                       coalesce(e.partner_id, a.partner_id), coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0),
                       coalesce(e.sale_count, 0), coalesce(a.sale_count, 0), coalesce(e.destination_country,
                       a.destination_country)
                  from destination_monthly e
                  full join (select * from ledger_destination_monthly where campaign_id = :campaign) a
                    on (a.month, a.destination_country, a.partner_id) = (e.day, e.destination_country, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                select 'umkm_yearly', make_date(coalesce(e.year, a.year), 1, 1), coalesce(e.region_code, a.region_code),
                       null, null, coalesce(e.umkm_id, a.umkm_id), coalesce(e.partner_id, a.partner_id),
                       coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0), coalesce(e.sale_count, 0),
                       coalesce(a.sale_count, 0), null::text
                  from per_umkm_yearly e
                  full join (select * from ledger_umkm_yearly where campaign_id = :campaign) a
                    on (a.year, a.umkm_id, a.region_code, a.partner_id) = (e.year, e.umkm_id, e.region_code, e.partner_id)
                 where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
                union all
                -- One row per sale above Rp 2 miliar; a sale count of 1 on a side means "listed there".
                select 'large_sale', coalesce(e.day, (a.occurred_at at time zone :zone)::date), null, null, null,
                       coalesce(e.umkm_id, a.umkm_id), coalesce(e.partner_id, x.partner_id), coalesce(e.amount_idr, 0),
                       coalesce(a.amount_idr, 0), (e.id is not null)::int, (a.entry_id is not null)::int, null::text
                  from large_sales e
                  full join (select * from ledger_large_sale where campaign_id = :campaign) a on a.entry_id = e.id
                  left join ledger_entry x on x.id = a.entry_id
                 where e.id is null or a.entry_id is null or e.amount_idr is distinct from a.amount_idr
                    or e.umkm_id is distinct from a.umkm_id or extract(year from e.day) is distinct from a.year)
            select d.*, p.code from differences d join partner p on p.id = d.partner_id
             order by 1, 2, 3, 4, 5, 6, 12, p.code
            """);

    private static final Duration RECONCILE_TIMEOUT = Duration.ofMinutes(15);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerClock clock;

    public Reconciliation reconcile(String campaign) {
        try (Connection c = dataSource.getConnection()) {
            int campaignId = CampaignPeriod.find(c, campaign).id();
            List<Difference> differences = new ArrayList<>();
            // The check reads every entry of the campaign: longer than API reads may take. The
            // pooled connection gets its limits back even when the check fails.
            int socketTimeout = c.getNetworkTimeout();
            try {
                c.setNetworkTimeout(Runnable::run, (int) RECONCILE_TIMEOUT.plusMinutes(1).toMillis());
                try (Statement timeout = c.createStatement()) {
                    timeout.execute("set statement_timeout = " + RECONCILE_TIMEOUT.toMillis());
                }
                try (Sql.Bound s = COMPARE.on(c)) {
                    differences.addAll(s.set("zone", clock.zone().getId()).set("campaign", campaignId).list(
                            r -> new Difference(r.getString(1), r.getObject(2, LocalDate.class), r.getString(3),
                                    r.getString(4), r.getString(5), r.getObject(6, UUID.class), r.getString(13),
                                    Money.format(r.getBigDecimal(8)), Money.format(r.getBigDecimal(9)),
                                    r.getLong(10), r.getLong(11), r.getString(12))));
                }
            } finally {
                try (Statement timeout = c.createStatement()) {
                    timeout.execute("reset statement_timeout");
                }
                c.setNetworkTimeout(Runnable::run, socketTimeout);
            }
            return new Reconciliation(campaign, clock.now(), differences.isEmpty(), differences);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
