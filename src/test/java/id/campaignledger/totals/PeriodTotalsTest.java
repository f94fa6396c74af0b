package id.campaignledger.totals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTotalsTest {

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void aCalendarYearIsTwelveWholeMonthsAndNoEdgeDays() {
        PeriodTotals year = PeriodTotals.of(d("2023-01-01"), d("2023-12-31"));
        assertEquals(d("2023-01-01"), year.fullMonthsFrom());
        assertEquals(d("2024-01-01"), year.fullMonthsUntil());
    }

    @Test
    void partMonthsAtEitherEndAreLeftToTheDailyTotals() {
        PeriodTotals part = PeriodTotals.of(d("2023-01-15"), d("2023-03-14"));
        assertEquals(d("2023-02-01"), part.fullMonthsFrom());
        assertEquals(d("2023-03-01"), part.fullMonthsUntil());
    }

    @Test
    void aPeriodInsideOneMonthHasNoWholeMonth() {
        PeriodTotals days = PeriodTotals.of(d("2023-01-10"), d("2023-01-20"));
        assertFalse(days.fullMonthsFrom().isBefore(days.fullMonthsUntil()));
        PeriodTotals across = PeriodTotals.of(d("2023-01-10"), d("2023-02-05"));
        assertEquals(across.fullMonthsFrom(), across.fullMonthsUntil());
    }

    @Test
    void aPeriodEndingOnTheLastDayOfFebruaryTakesFebruaryWhole() {
        PeriodTotals leap = PeriodTotals.of(d("2024-02-01"), d("2024-02-29"));
        assertEquals(d("2024-02-01"), leap.fullMonthsFrom());
        assertEquals(d("2024-03-01"), leap.fullMonthsUntil());
        PeriodTotals shortOfIt = PeriodTotals.of(d("2024-02-01"), d("2024-02-28"));
        assertEquals(d("2024-02-01"), shortOfIt.fullMonthsUntil());
    }

    @Test
    void noPeriodIsAllTime() {
        PeriodTotals all = PeriodTotals.of(null, null);
        assertTrue(all.fullMonthsFrom().isBefore(d("2000-01-01")));
        assertTrue(all.fullMonthsUntil().isAfter(d("9000-01-01")));
    }

    @Test
    void aClosedCampaignIsCoveredByAPeriodReachingBothItsDates() {
        CampaignPeriod bbi = new CampaignPeriod(1, d("2023-01-01"), d("2023-12-31"));
        LocalDate today = d("2026-11-29");
        assertTrue(bbi.coveredBy(d("2023-01-01"), d("2023-12-31"), today));
        assertTrue(bbi.coveredBy(null, null, today));
        assertTrue(bbi.coveredBy(d("2022-06-01"), d("2024-01-31"), today));
        assertFalse(bbi.coveredBy(d("2023-01-02"), d("2023-12-31"), today));
        assertFalse(bbi.coveredBy(d("2023-01-01"), d("2023-12-30"), today));
    }

    @Test
    void anOpenCampaignIsCoveredOnlyByAPeriodReachingPastTomorrow() {
        CampaignPeriod open = new CampaignPeriod(1, d("2023-01-01"), null);
        LocalDate today = d("2026-11-29");
        assertTrue(open.coveredBy(null, null, today));
        assertTrue(open.coveredBy(d("2023-01-01"), d("2026-11-30"), today));
        assertFalse(open.coveredBy(d("2023-01-01"), d("2026-11-29"), today));
        assertFalse(open.coveredBy(d("2023-01-01"), d("2023-12-31"), today));
    }
}
