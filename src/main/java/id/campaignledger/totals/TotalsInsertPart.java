package id.campaignledger.totals;

import id.campaignledger.ledger.EntryInsertPart;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the totals tables in the statement that inserts entries, from exactly the rows it
 * inserted: daily and monthly buckets (per region, channel, currency and partner), monthly per
 * region (for reads that need no channel or currency), per UMKM, per UMKM and calendar year (the
 * plausibility read's), exports per destination country (daily and monthly), and the single
 * sales above Rp 2 miliar (the candidates for a sale larger than its UMKM's yearly ceiling). Rows are upserted in key
 * order, so two writers meeting on several buckets take their locks in the same order.
 *
 * <p>A new total is one more CTE here, its table in a migration (with the backfill from
 * {@code ledger_entry}), its recomputation in {@link Reconcile} and its reads in {@link TotalsReads}
 * (docs/architecture.md, "Where new code goes").
 */
@ApplicationScoped
class TotalsInsertPart implements EntryInsertPart {

    static final String CTES = """
            daily as (
                insert into ledger_daily as d (campaign_id, day, region_code, channel, currency, partner_id,
                                               amount_idr, sale_count)
                select campaign_id, day, region_code, channel, currency, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4, 5, 6
                 order by 1, 2, 3, 4, 5, 6
                on conflict (campaign_id, day, region_code, channel, currency, partner_id)
                do update set amount_idr = d.amount_idr + excluded.amount_idr,
                              sale_count = d.sale_count + excluded.sale_count
            ), monthly as (
                insert into ledger_monthly as m (campaign_id, month, region_code, channel, currency, partner_id,
                                                 amount_idr, sale_count)
                select campaign_id, date_trunc('month', day)::date, region_code, channel, currency, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4, 5, 6
                 order by 1, 2, 3, 4, 5, 6
                on conflict (campaign_id, month, region_code, channel, currency, partner_id)
                do update set amount_idr = m.amount_idr + excluded.amount_idr,
                              sale_count = m.sale_count + excluded.sale_count
            ), region_monthly as (
                insert into ledger_region_monthly as r (campaign_id, month, region_code, partner_id, amount_idr,
                                                        sale_count)
                select campaign_id, date_trunc('month', day)::date, region_code, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, month, region_code, partner_id)
                do update set amount_idr = r.amount_idr + excluded.amount_idr,
                              sale_count = r.sale_count + excluded.sale_count
            ), per_umkm as (
                insert into ledger_umkm as u (campaign_id, umkm_id, region_code, partner_id, amount_idr, sale_count,
                                              first_sale_recorded_at)
                select campaign_id, umkm_id, region_code, partner_id, sum(amount_idr),
                       count(*) filter (where kind = 'SALE'), min(recorded_at) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, umkm_id, region_code, partner_id)
                do update set amount_idr = u.amount_idr + excluded.amount_idr,
                              sale_count = u.sale_count + excluded.sale_count,
                              first_sale_recorded_at = least(u.first_sale_recorded_at, excluded.first_sale_recorded_at)
            ), destination_daily as (
                insert into ledger_destination_daily as d (campaign_id, day, destination_country, partner_id,
                                                           amount_idr, sale_count)
                select campaign_id, day, destination_country, partner_id, sum(amount_idr),
                       count(*) filter (where kind = 'SALE')
                  from dated where destination_country is not null
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, day, destination_country, partner_id)
                do update set amount_idr = d.amount_idr + excluded.amount_idr,
                              sale_count = d.sale_count + excluded.sale_count
            ), destination_monthly as (
                insert into ledger_destination_monthly as m (campaign_id, month, destination_country, partner_id,
                                                             amount_idr, sale_count)
                select campaign_id, date_trunc('month', day)::date, destination_country, partner_id, sum(amount_idr),
                       count(*) filter (where kind = 'SALE')
                  from dated where destination_country is not null
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, month, destination_country, partner_id)
                do update set amount_idr = m.amount_idr + excluded.amount_idr,
                              sale_count = m.sale_count + excluded.sale_count
            ), per_umkm_yearly as (
                insert into ledger_umkm_yearly as y (campaign_id, year, umkm_id, region_code, partner_id, amount_idr,
                                                     sale_count)
                select campaign_id, extract(year from day)::smallint, umkm_id, region_code, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4, 5
                 order by 1, 2, 3, 4, 5
                on conflict (campaign_id, year, umkm_id, region_code, partner_id)
                do update set amount_idr = y.amount_idr + excluded.amount_idr,
                              sale_count = y.sale_count + excluded.sale_count
            ), large_sales as (
                insert into ledger_large_sale (entry_id, campaign_id, year, umkm_id, amount_idr, occurred_at)
                select id, campaign_id, extract(year from day)::smallint, umkm_id, amount_idr, occurred_at
                  from dated
                 where kind = 'SALE' and amount_idr > 2000000000.00 -- the mikro ceiling of PP 7/2021, the lowest
                 order by id
            )
            """;

    @Override
    public String ctes() {
        return CTES;
    }

    @Override
    public int order() {
        return 100;
    }
}
