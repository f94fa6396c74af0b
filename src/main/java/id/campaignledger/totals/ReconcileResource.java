package id.campaignledger.totals;

import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.totals.Reconcile.Reconciliation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The operator's check that the maintained totals still equal the entries they summarise. */
@Path("/api/v1/admin/reconcile")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class ReconcileResource {

    @Inject
    Reconcile reconciler;

    @GET
    public Reconciliation reconcile(@QueryParam("campaign") String campaign) {
        if (campaign == null || campaign.isEmpty()) {
            throw LedgerException.invalid("campaign", "is required");
        }
        return reconciler.reconcile(campaign);
    }
}
