package id.campaignledger.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.nio.file.Path;

/**
 * Holds every test exchange to openapi.yaml: a request or response the contract does not
 * describe fails the test. A test that sends a deliberately invalid request marks it with
 * {@link #INVALID_REQUEST}; its response is still checked wherever the contract can place it.
 */
public final class Contract implements OrderedFilter {

    /** Header a test sets on a request that is wrong on purpose; removed before sending. */
    public static final String INVALID_REQUEST = "X-Test-Invalid-Request";

    static final Path SPECIFICATION = Path.of("openapi.yaml").toAbsolutePath();

    private final OpenApiValidationFilter strict;
    private final OpenApiValidationFilter responsesOnly;

    public Contract() {
        String location = SPECIFICATION.toUri().toString();
        strict = new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(location).build());
        responsesOnly = new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(location)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .build())
                .build());
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(INVALID_REQUEST)) {
            request.removeHeader(INVALID_REQUEST);
            return responsesOnly.filter(request, response, context);
        }
        return strict.filter(request, response, context);
    }

    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE;
    }
}
