package id.campaignledger.region;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.QueryParams;
import id.campaignledger.partner.Allowed;
import id.campaignledger.region.RegionDirectory.Listing;
import id.campaignledger.region.RegionRecords.RegionPage;
import id.campaignledger.region.RegionRecords.RegionView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Indonesia's provinces, regencies/cities and districts: public reference data, the same for
 * every caller, so responses carry an ETag (the data's digest) and may be cached by anyone.
 */
@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(value = {}, anyone = true)
public class RegionResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String CODE = "^[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2})?)?$";

    @Inject
    RegionDirectory directory;

    @GET
    public Response list(@Context Request request, @QueryParam("parent") String parent,
            @QueryParam("level") String level, @QueryParam("q") String q, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        String parentCode = code("parent", parent);
        if (parentCode != null && directory.find(parentCode).isEmpty()) {
            throw LedgerException.notFound("There is no region with code '" + parentCode + "'.");
        }
        Level wanted = level == null || level.isEmpty() ? null
                : Level.ofLabel(level).orElseThrow(
                        () -> LedgerException.invalid("level", "must be one of province, regency, district"));
        String needle = q == null || q.isBlank() ? null : q.strip();
        if (needle != null && needle.length() > 100) {
            throw LedgerException.invalid("q", "must be at most 100 characters");
        }
        String after = code("cursor", cursor);
        int size = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return cached(request, () -> {
            Listing listing = directory.list(parentCode, wanted, needle, after, size);
            List<RegionView> items = listing.page();
            String next = listing.more() ? items.get(items.size() - 1).code() : null;
            return new RegionPage(items, listing.total(), next, Attributions.REGIONS);
        });
    }

    @GET
    @Path("/{code}")
    public Response get(@Context Request request, @PathParam("code") String code) {
        String wanted = code("code", code);
        RegionView view = directory.view(wanted);
        if (view == null) {
            throw LedgerException.notFound("There is no region with code '" + wanted + "'.");
        }
        return cached(request, () -> view);
    }

    /**
     * A 304 when the client holds the current data; otherwise the body. The body depends on the
     * URL and the data only, so the data's digest is a valid ETag for every URL.
     */
    private Response cached(Request request, java.util.function.Supplier<Object> body) {
        EntityTag tag = new EntityTag(directory.version(), true);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        cache.setPrivate(false);
        cache.setNoTransform(false);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder builder = notModified != null ? notModified : Response.ok(body.get());
        return builder.tag(tag).cacheControl(cache)
                .header("Link", "<" + Attributions.ODBL_URL + ">; rel=\"license\"")
                .build();
    }

    private static String code(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches(CODE)) {
            throw LedgerException.invalid(name, "must be a Kemendagri code such as 36, 36.02 or 36.02.22");
        }
        return value;
    }
}
