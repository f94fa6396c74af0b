package id.campaignledger.support;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Installs the {@link Contract} filter for every test class (registered by auto-detection). */
public class ContractExtension implements BeforeAllCallback {

    private static final Contract CONTRACT = new Contract();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!RestAssured.filters().contains(CONTRACT)) {
            RestAssured.filters(CONTRACT);
        }
    }
}
