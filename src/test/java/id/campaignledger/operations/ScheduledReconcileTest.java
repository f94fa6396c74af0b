package id.campaignledger.operations;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reconciliation reports a totals row that differs from its entries as a metric the
 * alert reads, and only one replica runs it at a time.
 */
@QuarkusTest
class ScheduledReconcileTest {

    @Inject
    ScheduledReconcile reconcile;

    @Inject
    AgroalDataSource dataSource;

    private static double gauge(String name) {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
        assertTrue(m.find(), name + " is not exported");
        return Double.parseDouble(m.group(1));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aTotalsRowThatDiffersFromItsEntriesIsReportedUntilItIsRepaired() throws Exception {
        String partner = newPartnerKey("PARTNER");
        String campaign = campaign();
        post(partner, sale("rec-1", campaign, umkm("36.02"), "1000.00"));
        ScheduledReconcile.Run before = reconcile.runNow();
        assertEquals(before.differences(), gauge("ledger_reconcile_differences"));
        assertTrue(gauge("ledger_reconcile_last_run_timestamp_seconds") > 0);

        String row = "campaign_id = (select id from campaign where code = '" + campaign + "')";
        execute("update ledger_daily set amount_idr = amount_idr + 1 where " + row);
        try {
            ScheduledReconcile.Run broken = reconcile.runNow();
            assertEquals(before.differences() + 1, broken.differences());
            assertTrue(broken.outcome() != ScheduledReconcile.Outcome.CLEAN);
            assertEquals(broken.differences(), gauge("ledger_reconcile_differences"));
        } finally {
            execute("update ledger_daily set amount_idr = amount_idr - 1 where " + row);
        }
        assertEquals(before.differences(), reconcile.runNow().differences());
        assertEquals(before.differences(), gauge("ledger_reconcile_differences"));
    }

    @Test
    void whileAnotherReplicaRunsItThisOneSkips() throws Exception {
        try (Connection other = dataSource.getConnection(); Statement s = other.createStatement()) {
            try (ResultSet r = s.executeQuery("select pg_try_advisory_lock(" + ScheduledReconcile.LOCK_KEY + ")")) {
                r.next();
                assertTrue(r.getBoolean(1));
            }
            try {
                assertEquals(ScheduledReconcile.Outcome.SKIPPED, reconcile.runNow().outcome());
            } finally {
                s.execute("select pg_advisory_unlock(" + ScheduledReconcile.LOCK_KEY + ")");
            }
        }
        assertTrue(reconcile.runNow().outcome() != ScheduledReconcile.Outcome.SKIPPED);
    }
}
