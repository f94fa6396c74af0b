package id.campaignledger.common;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The one clock of the service, and the ledger time zone it counts days in. Instants are
 * truncated to microseconds here, once: PostgreSQL keeps microseconds, so what an answer says is
 * what is read back later. Tests replace the underlying {@link Clock} bean to move time on
 * instead of sleeping.
 */
@ApplicationScoped
public class LedgerClock {

    private final Clock clock;
    private final ZoneId zone;

    @Inject
    public LedgerClock(Clock base, LedgerConfig config) {
        this(base, config.timeZone());
    }

    public LedgerClock(Clock base, ZoneId zone) {
        this.clock = Clock.tick(base, Duration.ofNanos(1000));
        this.zone = zone;
    }

    /** The system clock, unless another {@link Clock} bean (a test's) is present. */
    @Produces
    @DefaultBean
    @Singleton
    static Clock systemClock() {
        return Clock.systemUTC();
    }

    /** Now, to the microsecond. */
    public Instant now() {
        return clock.instant();
    }

    /** A clock that ticks in microseconds, for code that takes a {@link Clock}. */
    public Clock clock() {
        return clock;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Today in the ledger time zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The ledger day an instant falls on. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The instant a ledger day begins. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }
}
