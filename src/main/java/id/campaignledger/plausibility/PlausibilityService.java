package id.campaignledger.plausibility;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.RegionCode;
import id.campaignledger.common.db.ReadSnapshot;
import id.campaignledger.plausibility.PlausibilityRecords.Band;
import id.campaignledger.plausibility.PlausibilityRecords.Concentration;
import id.campaignledger.plausibility.PlausibilityRecords.FlaggedUmkm;
import id.campaignledger.plausibility.PlausibilityRecords.LargeEntry;
import id.campaignledger.plausibility.PlausibilityRecords.Plausibility;
import id.campaignledger.plausibility.PlausibilityRecords.TargetQuality;
import id.campaignledger.region.RegionDirectory;
import id.campaignledger.umkm.Scale;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Figures that cannot be true, read from the yearly totals per UMKM (ledger_umkm_yearly) and the
 * sales above Rp 2 miliar (ledger_large_sale): the cost grows with the campaign's UMKM, not with its entries.
 * All statements run in one read snapshot ({@link ReadSnapshot}), so the parts agree; like the other
 * read answers it may come from the read replica.
 */
@ApplicationScoped
public class PlausibilityService {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /** Per UMKM of the campaign in the year: its part in the campaign and its sales across all campaigns. */
    private static final String PER_UMKM = """
            with c as (
                select umkm_id, sum(amount_idr) as campaign_amount
                  from ledger_umkm_yearly where campaign_id = ? and year = ?
                 group by umkm_id
            )
            select c.umkm_id, u.name, u.scale, u.region_code, c.campaign_amount,
                   (select sum(a.amount_idr) from ledger_umkm_yearly a where a.umkm_id = c.umkm_id and a.year = ?)
              from c join umkm u on u.id = c.umkm_id
            """;

    @Inject
    ReadSnapshot snapshot;

    @Inject
    RegionDirectory regions;

    @Inject
    LedgerClock clock;

    private record UmkmYear(UUID id, String name, Scale scale, String region, BigDecimal campaignAmount,
            BigDecimal yearAmount) {
    }

    public Plausibility report(String code, Integer requestedYear, int limit) {
        int year = requestedYear != null ? requestedYear : clock.today().getYear();
        return snapshot.read(c -> report(c, code, year, limit));
    }

    private Plausibility report(Connection c, String code, int year, int limit) throws SQLException {
        int campaignId = campaignId(c, code);
        List<UmkmYear> umkm = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PER_UMKM)) {
            s.setInt(1, campaignId);
            s.setInt(2, year);
            s.setInt(3, year);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    umkm.add(new UmkmYear(r.getObject(1, UUID.class), r.getString(2), Scale.valueOf(r.getString(3)),
                            r.getString(4), r.getBigDecimal(5), r.getBigDecimal(6)));
                }
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal flaggedAmount = BigDecimal.ZERO;
        Map<UUID, Boolean> flaggedIds = new HashMap<>();
        List<UmkmYear> flagged = new ArrayList<>();
        for (UmkmYear u : umkm) {
            total = total.add(u.campaignAmount());
            if (ScaleBands.aboveCeiling(u.yearAmount(), u.scale())) {
                flagged.add(u);
                flaggedIds.put(u.id(), true);
                flaggedAmount = flaggedAmount.add(u.campaignAmount());
            }
        }
        flagged.sort((a, b) -> {
            int byRatio = b.yearAmount().multiply(ScaleBands.ceiling(a.scale()))
                    .compareTo(a.yearAmount().multiply(ScaleBands.ceiling(b.scale())));
            return byRatio != 0 ? byRatio : a.id().compareTo(b.id());
        });
        List<FlaggedUmkm> listed = flagged.stream().limit(limit).map(u -> new FlaggedUmkm(u.id(), u.name(), u.scale(),
                u.region(), regions.name(u.region()), regions.ancestors(u.region()), Money.format(u.yearAmount()),
                Money.format(u.campaignAmount()), Money.format(ScaleBands.ceiling(u.scale())),
                ScaleBands.ratio(u.yearAmount(), u.scale()).toPlainString())).toList();

        List<UmkmYear> ranked = new ArrayList<>(umkm);
        ranked.sort((a, b) -> b.campaignAmount().compareTo(a.campaignAmount()));
        int topCount = Math.min(10, ranked.size());
        BigDecimal top = ranked.stream().limit(10).map(UmkmYear::campaignAmount).reduce(BigDecimal.ZERO,
                BigDecimal::add);

        return new Plausibility(code, year, clock.zone().getId(), bands(), Money.format(total), umkm.size(), flagged.size(),
                Money.format(flaggedAmount), share(flaggedAmount, total), listed, largeEntries(c, campaignId, year, limit),
                new Concentration(topCount, Money.format(top), share(top, total)),
                targets(c, campaignId, year, umkm, flaggedIds));
    }

    /** Sales above their UMKM's yearly ceiling: every one is above Rp 2 miliar, so ledger_large_sale holds them. */
    private List<LargeEntry> largeEntries(Connection c, int campaignId, int year, int limit) throws SQLException {
        String sql = """
                select e.entry_id, e.umkm_id, u.name, u.scale, e.amount_idr, e.occurred_at
                  from ledger_large_sale e join umkm u on u.id = e.umkm_id
                 where e.campaign_id = ? and e.year = ?
                   and e.amount_idr > case u.scale when 'MIKRO' then ?::numeric when 'KECIL' then ?::numeric
                                                   else ?::numeric end
                 order by e.amount_idr desc, e.entry_id
                 limit ?
                """;
        List<LargeEntry> entries = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, campaignId);
            s.setInt(2, year);
            s.setBigDecimal(3, ScaleBands.MIKRO_CEILING);
            s.setBigDecimal(4, ScaleBands.KECIL_CEILING);
            s.setBigDecimal(5, ScaleBands.MENENGAH_CEILING);
            s.setInt(6, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Scale scale = Scale.valueOf(r.getString(4));
                    BigDecimal amount = r.getBigDecimal(5);
                    entries.add(new LargeEntry(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                            scale, Money.format(amount), Money.format(ScaleBands.ceiling(scale)),
                            ScaleBands.ratio(amount, scale).toPlainString(),
                            r.getTimestamp(6).toInstant().atZone(clock.zone()).toOffsetDateTime()));
                }
            }
        }
        return entries;
    }

    /**
     * Value targets whose period overlaps the year: their region's sales in the year (from the
     * same yearly totals, by region snapshot) and the part from flagged UMKM.
     */
    private List<TargetQuality> targets(Connection c, int campaignId, int year, List<UmkmYear> umkm,
            Map<UUID, Boolean> flagged) throws SQLException {
        String sql = """
                select t.id, t.name, t.region_code, t.period_start, t.period_end,
                       coalesce(sum(y.amount_idr), 0),
                       coalesce(sum(y.amount_idr) filter (where y.umkm_id = any(?)), 0)
                  from target t
                  left join ledger_umkm_yearly y
                    on y.campaign_id = t.campaign_id and y.year = ? and %s
                 where t.campaign_id = ? and t.metric = 'TRANSACTION_VALUE'
                   and t.period_start <= ? and t.period_end >= ?
                 group by t.id, t.name, t.region_code, t.period_start, t.period_end
                 order by t.period_start, t.region_code nulls first, t.id
                """.formatted(RegionCode.under("y.region_code", "t.region_code"));
        List<TargetQuality> targets = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", flagged.keySet().toArray()));
            s.setInt(2, year);
            s.setInt(3, campaignId);
            s.setObject(4, LocalDate.of(year, 12, 31));
            s.setObject(5, LocalDate.of(year, 1, 1));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String region = r.getString(3);
                    BigDecimal realised = r.getBigDecimal(6);
                    BigDecimal fromFlagged = r.getBigDecimal(7);
                    targets.add(new TargetQuality(r.getObject(1, UUID.class), r.getString(2), region,
                            regions.name(region), r.getObject(4, LocalDate.class), r.getObject(5, LocalDate.class),
                            Money.format(realised), Money.format(fromFlagged), share(fromFlagged, realised)));
                }
            }
        }
        return targets;
    }

    private static int campaignId(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id from campaign where code = ?")) {
            s.setString(1, code);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw LedgerException.notFound("There is no campaign '" + code + "'.");
                }
                return r.getInt(1);
            }
        }
    }

    private static List<Band> bands() {
        return Arrays.stream(Scale.values()).map(s -> new Band(s, Money.format(ScaleBands.floor(s)),
                Money.format(ScaleBands.ceiling(s)))).toList();
    }

    /** part / whole in percent, two decimals HALF_EVEN; 0.00 when the whole is not positive. */
    static String share(BigDecimal part, BigDecimal whole) {
        if (whole.signum() <= 0) {
            return "0.00";
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
