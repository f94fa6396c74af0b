package id.campaignledger.campaign;

import id.campaignledger.campaign.CampaignRecords.CampaignCreate;
import id.campaignledger.campaign.CampaignRecords.CampaignUpdate;
import id.campaignledger.campaign.CampaignRecords.CampaignView;
import id.campaignledger.common.Items;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

@Path("/api/v1/campaigns")
@Allowed({ Role.ADMIN, Role.PARTNER, Role.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    @Inject
    CampaignService campaigns;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response create(@Valid @NotNull CampaignCreate input) {
        CampaignView created = campaigns.create(input);
        return Response.created(URI.create("/api/v1/campaigns/" + created.code())).entity(created).build();
    }

    /** Campaign names and dates are what a public dashboard shows above its numbers. */
    @GET
    @Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
    public Items<CampaignView> list() {
        return new Items<>(campaigns.list());
    }

    @GET
    @Path("/{code}")
    @Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
    public CampaignView get(@PathParam("code") String code) {
        return campaigns.get(code);
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public CampaignView update(@PathParam("code") String code, @Valid @NotNull CampaignUpdate input) {
        return campaigns.update(code, input);
    }
}
