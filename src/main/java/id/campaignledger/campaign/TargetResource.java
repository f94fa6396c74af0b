package id.campaignledger.campaign;

import id.campaignledger.campaign.CampaignRecords.TargetInput;
import id.campaignledger.campaign.CampaignRecords.TargetRevisionInput;
import id.campaignledger.campaign.CampaignRecords.TargetRevisionView;
import id.campaignledger.campaign.CampaignRecords.TargetView;
import id.campaignledger.common.Items;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Authenticator;
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

@Path("/api/v1/campaigns/{code}/targets")
@Allowed({ Role.ADMIN, Role.PARTNER, Role.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
public class TargetResource {

    @Inject
    TargetService targets;

    @Inject
    Authenticator auth;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response create(@PathParam("code") String code, @Valid @NotNull TargetInput input) {
        TargetView created = targets.create(code, input, callerCode());
        return Response.created(URI.create("/api/v1/campaigns/" + code + "/targets/" + created.id()))
                .entity(created).build();
    }

    @GET
    public Items<TargetView> list(@PathParam("code") String code) {
        return new Items<>(targets.list(code));
    }

    @PUT
    @Path("/{targetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public TargetView revise(@PathParam("code") String code, @PathParam("targetId") String targetId,
            @Valid @NotNull TargetRevisionInput input) {
        return targets.revise(code, targetId, input, callerCode());
    }

    @GET
    @Path("/{targetId}/revisions")
    public Items<TargetRevisionView> revisions(@PathParam("code") String code,
            @PathParam("targetId") String targetId) {
        return new Items<>(targets.revisions(code, targetId));
    }

    private String callerCode() {
        return auth.caller().orElseThrow().code();
    }
}
