package id.campaignledger.replica;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The application with its own primary and a streaming replica of it ({@link StreamingReplica}). */
public class StreamingReplicaProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StreamingReplica.class));
    }
}
