package id.campaignledger.replica;

import jakarta.enterprise.context.RequestScoped;
import java.time.Duration;
import java.util.Optional;

/** Which server answered this request's reads, and the replica's lag then; for the response headers. */
@RequestScoped
public class ReadSource {

    private ReadRoute.Source source;
    private Optional<Duration> lag = Optional.empty();

    void served(ReadRoute.Source source, Optional<Duration> lag) {
        // One replica read and one primary read in the same answer: say primary, the fresher.
        if (this.source != ReadRoute.Source.PRIMARY) {
            this.source = source;
        }
        this.lag = lag;
    }

    Optional<ReadRoute.Source> source() {
        return Optional.ofNullable(source);
    }

    Optional<Duration> lag() {
        return lag;
    }
}
