package id.campaignledger.web;

import id.campaignledger.support.DatabaseOfItsOwn;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The application as a public demo: the demo dataset loaded at start and the dashboard open
 * without a key, in a database of its own so that the exact numbers on the page do not depend on
 * what other test classes wrote (and the demo touches none of theirs).
 */
public class DemoDashboardProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ledger.demo.enabled", "true", "ledger.dashboard.public", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(DatabaseOfItsOwn.named("demo"));
    }
}
