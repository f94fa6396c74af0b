package id.campaignledger.imports;

import id.campaignledger.common.CsvCells;
import id.campaignledger.common.QueryParams;
import id.campaignledger.imports.ImportRecords.ImportJobView;
import id.campaignledger.imports.ImportRecords.Rejection;
import id.campaignledger.imports.ImportRecords.RejectionPage;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Import jobs: large CSV files worked through in the background (see ImportWorker). */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final String CSV = "text/csv";

    @Inject
    Authenticator auth;

    @Inject
    ImportJobs jobs;

    @Inject
    ImportWorker worker;

    @POST
    @Consumes({ CSV, MediaType.TEXT_PLAIN })
    @Allowed(Role.PARTNER)
    public Response upload(InputStream body) {
        ImportJobView job = jobs.upload(caller(), body);
        worker.wake();
        return Response.accepted(job).location(URI.create("/api/v1/imports/" + job.id())).build();
    }

    @GET
    @Path("/{importId}")
    @Allowed(Role.PARTNER)
    public ImportJobView get(@PathParam("importId") UUID id) {
        return jobs.find(caller(), id);
    }

    @GET
    @Path("/{importId}/rejections")
    @Allowed(Role.PARTNER)
    public RejectionPage rejections(@PathParam("importId") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        int size = QueryParams.limit(limit, 100, 500);
        long after = cursor(cursor);
        List<Rejection> page = jobs.rejections(caller(), id, after, size + 1);
        String next = page.size() > size ? Long.toString(page.get(size - 1).line()) : null;
        return new RejectionPage(page.size() > size ? page.subList(0, size) : page, next);
    }

    /** All rejected lines as a spreadsheet: the fields as sent, then the line number and the problem. */
    @GET
    @Path("/{importId}/rejections")
    @Produces(CSV)
    @Allowed(Role.PARTNER)
    public Response rejectionsCsv(@PathParam("importId") UUID id) {
        Caller caller = caller();
        jobs.find(caller, id);
        StreamingOutput out = stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            long after = 0;
            boolean first = true;
            while (true) {
                List<Rejection> page = jobs.rejections(caller, id, after, 1000);
                for (Rejection r : page) {
                    if (first) {
                        w.write(CsvCells.line("line", "problem", "fields..."));
                        first = false;
                    }
                    List<String> cells = new ArrayList<>();
                    cells.add(Long.toString(r.line()));
                    cells.add(r.problem() == null ? "" : r.problem().detail());
                    if (r.fields() != null) {
                        cells.addAll(r.fields());
                    }
                    w.write(CsvCells.line(cells.toArray(String[]::new)));
                    after = r.line();
                }
                if (page.size() < 1000) {
                    break;
                }
            }
            if (first) {
                w.write(CsvCells.line("line", "problem", "fields..."));
            }
            w.flush();
        };
        return Response.ok(out, CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-rejections.csv\"").build();
    }

    private static long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long after = Long.parseLong(cursor);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw id.campaignledger.common.LedgerException.invalid("cursor", "must be a cursor from a previous page");
    }

    private Caller caller() {
        return auth.caller().orElseThrow();
    }
}
