package id.campaignledger.partner;

import id.campaignledger.common.Items;
import id.campaignledger.partner.PartnerRecords.NewApiKey;
import id.campaignledger.partner.PartnerRecords.PartnerInput;
import id.campaignledger.partner.PartnerRecords.PartnerView;
import id.campaignledger.partner.PartnerRecords.PartnerWithKey;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/partners")
@Allowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class PartnerResource {

    @Inject
    PartnerService partners;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull PartnerInput input) {
        PartnerWithKey created = partners.create(input);
        return Response.created(URI.create("/api/v1/partners/" + created.code())).entity(created).build();
    }

    @GET
    public Items<PartnerView> list() {
        return new Items<>(partners.list());
    }

    @GET
    @Path("/{partnerCode}")
    public PartnerView get(@PathParam("partnerCode") String partnerCode) {
        return partners.get(partnerCode);
    }

    @POST
    @Path("/{partnerCode}/keys")
    public Response issueKey(@PathParam("partnerCode") String partnerCode) {
        NewApiKey key = partners.issueKey(partnerCode);
        return Response.created(URI.create("/api/v1/partners/" + partnerCode)).entity(key).build();
    }

    @DELETE
    @Path("/{partnerCode}/keys/{keyId}")
    public void revokeKey(@PathParam("partnerCode") String partnerCode, @PathParam("keyId") UUID keyId) {
        partners.revokeKey(partnerCode, keyId);
    }
}
