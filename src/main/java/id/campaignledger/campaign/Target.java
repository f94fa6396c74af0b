package id.campaignledger.campaign;

import id.campaignledger.common.db.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The current version of a target; every version, this one included, is also a {@link TargetRevision}.
 * {@link TargetService} writes the table, through the statements here.
 */
record Target(UUID id, Integer campaignId, String name, TargetMetric metric, BigDecimal amount, String regionCode,
        LocalDate periodStart, LocalDate periodEnd, int version, Instant createdAt, Instant updatedAt) {

    private static final String COLUMNS = "select id, campaign_id, name, metric, amount, region_code, period_start,"
            + " period_end, version, created_at, updated_at from target where campaign_id = :campaign";
    private static final Sql OF_CAMPAIGN = Sql.of(COLUMNS + " order by period_start, id");
    private static final Sql IN_CAMPAIGN = Sql.of(COLUMNS + " and id = :id");
    /** Locked against concurrent revisions, so that each reads the version the previous one wrote. */
    private static final Sql LOCKED = Sql.of(COLUMNS + " and id = :id for no key update");
    private static final Sql INSERT = Sql.of("""
            insert into target (id, campaign_id, name, metric, amount, region_code, period_start, period_end,
                                version, created_at, updated_at)
            values (:id, :campaign, :name, :metric, :amount, :regionCode, :periodStart, :periodEnd,
                    :version, :createdAt, :updatedAt)
            """);
    private static final Sql UPDATE = Sql.of("""
            update target set name = :name, metric = :metric, amount = :amount, region_code = :regionCode,
                              period_start = :periodStart, period_end = :periodEnd, version = :version,
                              updated_at = :updatedAt
             where id = :id
            """);

    /** What a version sets: everything but the identity, the campaign and the creation time. */
    record Content(String name, TargetMetric metric, BigDecimal amount, String regionCode, LocalDate periodStart,
            LocalDate periodEnd, Instant at) {
    }

    static Target first(Integer campaignId, Content content) {
        return new Target(UUID.randomUUID(), campaignId, content.name(), content.metric(), content.amount(),
                content.regionCode(), content.periodStart(), content.periodEnd(), 1, content.at(), content.at());
    }

    /** The next version of this target, with the content given. */
    Target next(Content content) {
        return new Target(id, campaignId, content.name(), content.metric(), content.amount(), content.regionCode(),
                content.periodStart(), content.periodEnd(), version + 1, createdAt, content.at());
    }

    static List<Target> ofCampaign(Connection c, Campaign campaign) throws SQLException {
        try (Sql.Bound q = OF_CAMPAIGN.on(c).set("campaign", campaign.id())) {
            return q.list(Target::of);
        }
    }

    static Optional<Target> inCampaign(Connection c, Campaign campaign, UUID id) throws SQLException {
        try (Sql.Bound q = IN_CAMPAIGN.on(c).set("campaign", campaign.id()).set("id", id)) {
            return Optional.ofNullable(q.first(Target::of));
        }
    }

    /** The target, locked against concurrent revisions until the transaction ends. */
    static Optional<Target> lockedInCampaign(Connection c, Campaign campaign, UUID id) throws SQLException {
        try (Sql.Bound q = LOCKED.on(c).set("campaign", campaign.id()).set("id", id)) {
            return Optional.ofNullable(q.first(Target::of));
        }
    }

    void insert(Connection c) throws SQLException {
        try (Sql.Bound q = bind(INSERT.on(c)).set("campaign", campaignId).set("createdAt", createdAt)) {
            q.update();
        }
    }

    void update(Connection c) throws SQLException {
        try (Sql.Bound q = bind(UPDATE.on(c))) {
            q.update();
        }
    }

    private Sql.Bound bind(Sql.Bound q) {
        return q.set("id", id).set("name", name).set("metric", metric).set("amount", amount)
                .set("regionCode", regionCode).set("periodStart", periodStart).set("periodEnd", periodEnd)
                .set("version", version).set("updatedAt", updatedAt);
    }

    private static Target of(ResultSet r) throws SQLException {
        return new Target(r.getObject("id", UUID.class), r.getInt("campaign_id"), r.getString("name"),
                TargetMetric.valueOf(r.getString("metric")), r.getBigDecimal("amount"), r.getString("region_code"),
                r.getObject("period_start", LocalDate.class), r.getObject("period_end", LocalDate.class),
                r.getInt("version"), Sql.instant(r, "created_at"), Sql.instant(r, "updated_at"));
    }
}
