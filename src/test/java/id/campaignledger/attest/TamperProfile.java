package id.campaignledger.attest;

import id.campaignledger.support.DatabaseOfItsOwn;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The application on a database of its own, so that the tampering touches no other test's data. */
public class TamperProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(DatabaseOfItsOwn.named("tamper"));
    }
}
