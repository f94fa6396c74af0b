package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * The public side of attestation: the signing key and the signed checkpoints, served byte for
 * byte as signed; and, for administrators, a checkpoint on request.
 */
@Path("/api/v1/attestations")
public class AttestationResource {

    static final String PEM = "application/x-pem-file";

    @Inject
    SigningKey key;

    @Inject
    Checkpointer checkpointer;

    @Inject
    Sealer sealer;

    @Inject
    LedgerConfig config;

    @GET
    @Path("/public-key")
    @Produces(PEM)
    @Allowed(value = {}, anyone = true)
    public Response publicKey() {
        return Response.ok(key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), PEM)
                .header("Ledger-Key-Id", key.keyId()).build();
    }

    @GET
    @Path("/latest")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(value = {}, anyone = true)
    public Response latest() throws SQLException {
        return served(checkpointer.find(null).orElseThrow(
                () -> LedgerException.notFound("No checkpoint has been signed yet.")));
    }

    @GET
    @Path("/{seq}")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(value = {}, anyone = true)
    public Response bySeq(@PathParam("seq") String seq) throws SQLException {
        long n;
        try {
            n = Long.parseLong(seq);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || !seq.matches("[0-9]{1,18}")) {
            throw LedgerException.invalid("seq", "must be a checkpoint number, 1 or more");
        }
        long wanted = n;
        return served(checkpointer.find(wanted).orElseThrow(
                () -> LedgerException.notFound("There is no checkpoint " + wanted + ".")));
    }

    /** Seals what is queued and signs a checkpoint now. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response create() throws SQLException {
        if (!config.attestation().enabled()) {
            throw new LedgerException(ProblemType.CONFLICT,
                    "Sealing is switched off (ledger.attestation.enabled=false); no checkpoint can be signed.");
        }
        sealer.sealAll();
        Checkpointer.Stored stored = checkpointer.sign(true).orElseThrow();
        return Response.created(URI.create("/api/v1/attestations/" + stored.seq()))
                .entity(stored.document().getBytes(StandardCharsets.UTF_8)).type(MediaType.APPLICATION_JSON).build();
    }

    private static Response served(Checkpointer.Stored stored) {
        return Response.ok(stored.document().getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "public, max-age=60").build();
    }
}
