package id.campaignledger.webhook;

import id.campaignledger.common.Items;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.QueryParams;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.Role;
import id.campaignledger.webhook.WebhookRecords.DeliveryPage;
import id.campaignledger.webhook.WebhookRecords.DeliveryView;
import id.campaignledger.webhook.WebhookRecords.RotatedSecret;
import id.campaignledger.webhook.WebhookRecords.RotationInput;
import id.campaignledger.webhook.WebhookRecords.SubscriptionInput;
import id.campaignledger.webhook.WebhookRecords.SubscriptionPatch;
import id.campaignledger.webhook.WebhookRecords.SubscriptionView;
import id.campaignledger.webhook.WebhookRecords.SubscriptionWithSecret;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import java.util.UUID;

@Path("/api/v1/webhooks")
@Allowed({ Role.ADMIN, Role.PARTNER })
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED");

    @Inject
    Authenticator auth;

    @Inject
    WebhookService webhooks;

    @Inject
    WebhookDeliveries deliveries;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull SubscriptionInput input) {
        SubscriptionWithSecret created = webhooks.create(caller(), input);
        return Response.created(URI.create("/api/v1/webhooks/" + created.id())).entity(created).build();
    }

    @GET
    public Items<SubscriptionView> list() {
        return new Items<>(webhooks.list(caller()));
    }

    @GET
    @Path("/{webhookId}")
    public SubscriptionView get(@PathParam("webhookId") UUID id) {
        return webhooks.get(caller(), id);
    }

    @PATCH
    @Path("/{webhookId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SubscriptionView update(@PathParam("webhookId") UUID id, @Valid @NotNull SubscriptionPatch patch) {
        return webhooks.update(caller(), id, patch);
    }

    @DELETE
    @Path("/{webhookId}")
    public void delete(@PathParam("webhookId") UUID id) {
        webhooks.delete(caller(), id);
    }

    @POST
    @Path("/{webhookId}/secret/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public RotatedSecret rotate(@PathParam("webhookId") UUID id, @Valid RotationInput input) {
        return webhooks.rotate(caller(), id, input == null ? null : input.graceSeconds());
    }

    @GET
    @Path("/{webhookId}/deliveries")
    public DeliveryPage deliveries(@PathParam("webhookId") UUID id, @QueryParam("status") String status,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw LedgerException.invalid("status", "must be PENDING, DELIVERED or FAILED");
        }
        return deliveries.deliveries(caller(), id, status, cursor, QueryParams.limit(limit, 50, 200));
    }

    @POST
    @Path("/{webhookId}/deliveries/{deliveryId}/redeliver")
    public Response redeliver(@PathParam("webhookId") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        DeliveryView delivery = deliveries.redeliver(caller(), id, deliveryId);
        return Response.accepted(delivery).build();
    }

    private Caller caller() {
        return auth.caller().orElseThrow();
    }
}
