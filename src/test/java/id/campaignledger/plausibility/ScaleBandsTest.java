package id.campaignledger.plausibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.umkm.Scale;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PP 7/2021 Pasal 35 ayat (5): the ceilings, exactly at them and one sen beyond. */
class ScaleBandsTest {

    @ParameterizedTest(name = "{0}: {1} is within the band, {2} is above it")
    @CsvSource({
            "MIKRO,    2000000000.00,  2000000000.01",
            "KECIL,    15000000000.00, 15000000000.01",
            "MENENGAH, 50000000000.00, 50000000000.01" })
    void exactlyAtTheCeilingIsNotFlaggedAndOneSenMoreIs(Scale scale, String atCeiling, String oneSenMore) {
        assertFalse(ScaleBands.aboveCeiling(new BigDecimal(atCeiling), scale));
        assertTrue(ScaleBands.aboveCeiling(new BigDecimal(oneSenMore), scale));
        assertEquals(new BigDecimal(atCeiling), ScaleBands.ceiling(scale));
    }

    @Test
    void theBandsFollowOneAnother() {
        assertEquals(ScaleBands.ceiling(Scale.MIKRO), ScaleBands.floor(Scale.KECIL));
        assertEquals(ScaleBands.ceiling(Scale.KECIL), ScaleBands.floor(Scale.MENENGAH));
        assertEquals(new BigDecimal("0.00"), ScaleBands.floor(Scale.MIKRO));
    }

    @Test
    void noSalesAndNegativeNetSalesAreWithinEveryBand() {
        for (Scale scale : Scale.values()) {
            assertFalse(ScaleBands.aboveCeiling(new BigDecimal("0.00"), scale));
            assertFalse(ScaleBands.aboveCeiling(new BigDecimal("-5.00"), scale));
        }
    }

    @Test
    void theRatioSaysHowManyTimesTheCeilingWasSold() {
        // The article: about Rp 10 miliar per registered business, five times the mikro ceiling.
        assertEquals(new BigDecimal("5.0000"), ScaleBands.ratio(new BigDecimal("10000000000.00"), Scale.MIKRO));
        assertEquals(new BigDecimal("1.0000"), ScaleBands.ratio(new BigDecimal("2000000000.01"), Scale.MIKRO));
        assertEquals(new BigDecimal("0.6667"), ScaleBands.ratio(new BigDecimal("10000000000.00"), Scale.KECIL));
    }
}
