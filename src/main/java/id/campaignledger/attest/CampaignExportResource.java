package id.campaignledger.attest;

import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * One campaign's sealed entries, with the campaign's own chain, as {@link ExportResource} exports
 * the ledger. A class of its own: its path must be more specific than the campaign resources'.
 */
@Path("/api/v1/campaigns/{code}/export")
public class CampaignExportResource {

    @Inject
    ExportStore store;

    @Inject
    ExportResource exports;

    @GET
    @Produces({ ExportResource.NDJSON, ExportResource.CSV })
    @Allowed({ Role.ADMIN, Role.AUDITOR })
    public Response campaign(@PathParam("code") String code, @QueryParam("from-seq") String fromSeq,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) throws SQLException {
        int id = store.campaignId(code).orElseThrow(() -> LedgerException.notFound("No campaign " + code + "."));
        return exports.export(id, code, fromSeq, format, accept);
    }
}
