package id.campaignledger.limits;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The share of requests in progress per caller, without HTTP: the rule SaturationTest leans on. */
class ConcurrencyLimiterTest {

    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(8, Map.of("saturation-probe", 3));

    @Test
    void aCallerWithItsShareInProgressIsToldToRetryAfterASecond() {
        List<ConcurrencyLimiter.Permit> held = enter("partner:acme", 8);
        ConcurrencyLimiter.TooManyAtOnce refused = assertThrows(ConcurrencyLimiter.TooManyAtOnce.class,
                () -> limiter.enter("partner:acme"));
        assertEquals(1, refused.retryAfterSeconds());
        held.get(0).release();
        assertDoesNotThrow(() -> limiter.enter("partner:acme"));
    }

    @Test
    void oneCallersShareDoesNotTouchAnothers() {
        enter("partner:acme", 8);
        enter("partner:other", 8);
        enter("admin:bootstrap", 8);
        enter("address:10.0.0.7", 8);
        assertThrows(ConcurrencyLimiter.TooManyAtOnce.class, () -> limiter.enter("partner:other"));
    }

    @Test
    void aPartnerWithAShareOfItsOwnGetsThatShare() {
        enter("partner:saturation-probe", 3);
        assertThrows(ConcurrencyLimiter.TooManyAtOnce.class, () -> limiter.enter("partner:saturation-probe"));
        // The override is a partner's: an address or an administrator of that name keeps the default.
        enter("address:saturation-probe", 8);
        enter("admin:saturation-probe", 8);
    }

    @Test
    void releasingAPermitTwiceGivesBackOnlyOne() {
        List<ConcurrencyLimiter.Permit> held = enter("partner:acme", 8);
        held.get(0).release();
        held.get(0).release();
        limiter.enter("partner:acme");
        assertThrows(ConcurrencyLimiter.TooManyAtOnce.class, () -> limiter.enter("partner:acme"));
    }

    private List<ConcurrencyLimiter.Permit> enter(String caller, int times) {
        List<ConcurrencyLimiter.Permit> permits = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            permits.add(limiter.enter(caller));
        }
        return permits;
    }
}
