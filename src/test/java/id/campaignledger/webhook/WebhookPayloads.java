package id.campaignledger.webhook;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.file.Path;
import java.util.Map;

/**
 * Holds webhook bodies to openapi.yaml: the body of an event of type T must match the schema
 * that {@code x-webhooks.T.post.requestBody} names, under the contract validator's own rules.
 */
public final class WebhookPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenAPI API = new OpenAPIV3Parser()
            .read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString());
    private static final SchemaValidator VALIDATOR = new SchemaValidator(API, new MessageResolver());

    private WebhookPayloads() {
    }

    @SuppressWarnings("unchecked")
    public static void check(String body) {
        try {
            String type = JSON.readTree(body).path("type").asText();
            Map<String, Object> hooks = (Map<String, Object>) API.getExtensions().get("x-webhooks");
            Map<String, Object> hook = (Map<String, Object>) hooks.get(type);
            assertNotNull(hook, "x-webhooks documents no event " + type);
            Map<String, Object> post = (Map<String, Object>) hook.get("post");
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) post.get("requestBody"))
                    .get("content");
            String ref = (String) ((Map<String, Object>) ((Map<String, Object>) content.get("application/json"))
                    .get("schema")).get("$ref");
            ValidationReport report = VALIDATOR.validate(body, new Schema<>().$ref(ref), "webhook");
            assertTrue(report.getMessages().isEmpty(), type + " body breaks " + ref + ": " + report.getMessages()
                    + "\n" + body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
