package id.campaignledger.umkm;

import id.campaignledger.common.QueryParams;
import id.campaignledger.common.RegionCode;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Role;
import id.campaignledger.umkm.UmkmRecords.UmkmInput;
import id.campaignledger.umkm.UmkmRecords.UmkmPage;
import id.campaignledger.umkm.UmkmRecords.UmkmView;
import id.campaignledger.umkm.UmkmService.Registered;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

@Path("/api/v1/umkm")
@Allowed({ Role.ADMIN, Role.PARTNER, Role.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
public class UmkmResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    @Inject
    UmkmService registry;

    @Inject
    Authenticator auth;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({ Role.ADMIN, Role.PARTNER })
    public Response register(@Valid @NotNull UmkmInput input) {
        Registered registered = registry.register(input, auth.caller().orElseThrow().partnerId());
        if (!registered.created()) {
            return Response.ok(registered.umkm()).build();
        }
        return Response.created(URI.create("/api/v1/umkm/" + registered.umkm().id()))
                .entity(registered.umkm()).build();
    }

    @GET
    public UmkmPage list(@QueryParam("regionCode") String regionCode, @QueryParam("curated") String curated,
            @QueryParam("exportReady") String exportReady, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return registry.list(new UmkmFilter(RegionCode.parameter("regionCode", regionCode),
                UmkmFilter.flag("curated", curated), UmkmFilter.flag("exportReady", exportReady),
                UmkmFilter.decodeCursor(cursor), QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT)));
    }

    @GET
    @Path("/{umkmId}")
    public UmkmView get(@PathParam("umkmId") String umkmId) {
        return registry.get(umkmId);
    }
}
