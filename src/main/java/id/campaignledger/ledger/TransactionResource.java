package id.campaignledger.ledger;

import id.campaignledger.common.QueryParams;
import id.campaignledger.ledger.LedgerRecords.BatchInput;
import id.campaignledger.ledger.LedgerRecords.BatchResult;
import id.campaignledger.ledger.LedgerRecords.ImportResult;
import id.campaignledger.ledger.LedgerRecords.ReversalInput;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import id.campaignledger.ledger.LedgerRecords.TransactionPage;
import id.campaignledger.ledger.LedgerRecords.TransactionView;
import id.campaignledger.ledger.PostingService.Posted;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.Role;
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
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @Inject
    Authenticator auth;

    @Inject
    PostingService posting;

    @Inject
    ReversalService reversals;

    @Inject
    EntryViews views;

    @Inject
    ItemReader reader;

    @Inject
    CsvImporter importer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.PARTNER)
    public Response post(@Valid @NotNull TransactionInput input) {
        return posted(posting.post(caller(), input));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.PARTNER)
    public BatchResult postBatch(@Valid @NotNull BatchInput input) {
        return posting.postBatch(caller(), input.items().stream().map(reader::read).toList());
    }

    @POST
    @Path("/import")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Allowed(Role.PARTNER)
    public ImportResult importCsv(InputStream body) {
        return importer.importCsv(caller(), body);
    }

    @GET
    @Allowed({ Role.PARTNER, Role.ADMIN })
    public TransactionPage list(@QueryParam("campaign") String campaign, @QueryParam("umkmId") String umkmId,
            @QueryParam("channel") String channel, @QueryParam("kind") String kind,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("recordedByKey") String recordedByKey,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        TransactionFilter filter = new TransactionFilter(campaign, QueryParams.uuid("umkmId", umkmId),
                QueryParams.enumValue("channel", channel, Channel.class),
                QueryParams.enumValue("kind", kind, EntryKind.class),
                QueryParams.dateTime("from", from), QueryParams.dateTime("to", to),
                QueryParams.uuid("recordedByKey", recordedByKey), TransactionFilter.Position.decode(cursor), QueryParams.limit(limit, 100, 500));
        return views.list(caller(), filter);
    }

    @GET
    @Path("/{transactionId}")
    @Allowed({ Role.PARTNER, Role.ADMIN })
    public TransactionView get(@PathParam("transactionId") UUID id) {
        return views.get(caller(), id);
    }

    @POST
    @Path("/{transactionId}/reversals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed({ Role.PARTNER, Role.ADMIN })
    public Response reverse(@PathParam("transactionId") UUID id, @Valid @NotNull ReversalInput input) {
        return posted(reversals.reverse(caller(), id, input));
    }

    private Caller caller() {
        return auth.caller().orElseThrow();
    }

    private static Response posted(Posted posted) {
        if (posted.replayed()) {
            return Response.ok(posted.entry()).header(REPLAYED_HEADER, "true").build();
        }
        return Response.created(URI.create("/api/v1/transactions/" + posted.entry().id()))
                .entity(posted.entry()).build();
    }
}
