package id.campaignledger.attest;

import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.verify.Csv;
import id.campaignledger.verify.SealedEntry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Exports of sealed entries with their chain fields, for the offline verifier: NDJSON or CSV,
 * streamed page by page in seq order up to the head sealed when the export began, resumable
 * with from-seq.
 */
@Path("/api/v1/exports/ledger")
public class ExportResource {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    private static final Logger LOG = Logger.getLogger(ExportResource.class);

    @Inject
    ExportStore store;

    @GET
    @Produces({ NDJSON, CSV })
    @Allowed({ Role.ADMIN, Role.AUDITOR })
    public Response ledger(@QueryParam("from-seq") String fromSeq, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) throws SQLException {
        return export(null, "ledger", fromSeq, format, accept);
    }

    Response export(Integer campaignId, String name, String fromSeqText, String format, String accept)
            throws SQLException {
        long fromSeq = fromSeq(fromSeqText);
        boolean csv = csv(format, accept);
        long head = store.head();
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                w.write(Csv.line(SealedEntry.COLUMNS));
            }
            try {
                store.forEach(campaignId, fromSeq, head, page -> {
                    try {
                        for (SealedEntry e : page) {
                            if (csv) {
                                w.write(Csv.line(e.values()));
                            } else {
                                w.write(e.toJsonLine());
                                w.write('\n');
                            }
                        }
                        w.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (SQLException | UncheckedIOException e) {
                // Headers are gone: the client sees a cut stream and resumes with from-seq.
                LOG.warnf("Export of %s cut short: %s", name, e.getMessage());
                throw new IOException(e);
            }
            w.flush();
        };
        return Response.ok(body, csv ? CSV + "; charset=utf-8" : NDJSON)
                .header("Content-Disposition", "attachment; filename=\"" + name + "-from-" + fromSeq
                        + (csv ? ".csv\"" : ".ndjson\""))
                .header("Ledger-Export-Head-Seq", head)
                .build();
    }

    private static long fromSeq(String text) {
        if (text == null || text.isEmpty()) {
            return 1;
        }
        if (!text.matches("[0-9]{1,18}") || Long.parseLong(text) < 1) {
            throw LedgerException.invalid("from-seq", "must be a whole number, 1 or more");
        }
        return Long.parseLong(text);
    }

    private static boolean csv(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "ndjson" -> false;
                default -> throw LedgerException.invalid("format", "must be ndjson or csv");
            };
        }
        return accept != null && accept.contains(CSV) && !accept.contains(NDJSON);
    }
}
