package id.campaignledger.milestone;

import id.campaignledger.common.Items;
import id.campaignledger.milestone.MilestoneRecords.Milestone;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/campaigns/{code}/milestones")
@Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
@Produces(MediaType.APPLICATION_JSON)
public class MilestoneResource {

    @Inject
    MilestoneReads milestones;

    @GET
    public Items<Milestone> list(@PathParam("code") String code) {
        return new Items<>(milestones.list(code));
    }
}
