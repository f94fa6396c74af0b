package id.campaignledger.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.campaign.CampaignRecords.CampaignCreate;
import id.campaignledger.campaign.CampaignRecords.CampaignView;
import id.campaignledger.campaign.CampaignRecords.TargetInput;
import id.campaignledger.campaign.CampaignRecords.TargetView;
import id.campaignledger.campaign.CampaignService;
import id.campaignledger.campaign.TargetService;
import id.campaignledger.common.LedgerConfig;
import id.campaignledger.ledger.LedgerRecords.BatchItemResult;
import id.campaignledger.ledger.LedgerRecords.BatchResult;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import id.campaignledger.ledger.LedgerRecords.ReversalInput;
import id.campaignledger.ledger.ItemReader;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import id.campaignledger.ledger.PostingService;
import id.campaignledger.ledger.ReversalService;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.PartnerRecords.PartnerInput;
import id.campaignledger.partner.PartnerRecords.PartnerView;
import id.campaignledger.partner.PartnerService;
import id.campaignledger.partner.Role;
import id.campaignledger.umkm.UmkmRecords.UmkmInput;
import id.campaignledger.umkm.UmkmService;
import id.campaignledger.demo.DemoDataset.DemoReversal;
import id.campaignledger.demo.DemoDataset.DemoSale;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Loads {@link DemoDataset} through the services behind the API: campaigns, targets, partners and
 * UMKM are created when absent, entries are posted in batches by the partners themselves and
 * reversed by them, so every ledger rule applies. External references are fixed, so a second
 * load replays and adds nothing. Enabled with {@code ledger.demo.enabled=true}; there is no HTTP
 * endpoint on purpose, since entries can never be deleted from a ledger that a demo was loaded into.
 */
@ApplicationScoped
public class DemoLoader {

    private static final Logger LOG = Logger.getLogger(DemoLoader.class);
    private static final int BATCH = 1000;
    private static final int UMKM_CHUNK = 200;

    /** What one load did. */
    public record Report(int umkmCreated, int umkmExisting, int entriesCreated, int entriesReplayed,
            int entriesRejected, List<String> problems) {
    }

    @Inject
    LedgerConfig config;

    @Inject
    CampaignService campaigns;

    @Inject
    TargetService targets;

    @Inject
    PartnerService partners;

    @Inject
    UmkmService umkm;

    @Inject
    PostingService posting;

    @Inject
    ReversalService reversals;

    @Inject
    ItemReader reader;

    @Inject
    ObjectMapper json;

    void onStart(@Observes StartupEvent event) {
        if (!config.demo().enabled()) {
            return;
        }
        long started = System.nanoTime();
        Report report = load();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (report.entriesRejected() > 0) {
            LOG.warnf("Demo data: %d entries refused (first: %s). Existing campaigns BBI/BBWI with other dates?",
                    report.entriesRejected(), report.problems().get(0));
        }
        LOG.infof("Demo data loaded in %d ms: %d UMKM registered (%d already there), %d entries created, %d replayed",
                millis, report.umkmCreated(), report.umkmExisting(), report.entriesCreated(),
                report.entriesReplayed());
    }

    /**
     * Loads the dataset. Each step commits on its own, as the same requests to the API would; a
     * load that stops half way is completed by the next one, since every step is idempotent.
     */
    public Report load() {
        DemoDataset data = DemoDataset.generate();

        Set<String> campaignCodes = campaigns.list().stream().map(CampaignView::code).collect(Collectors.toSet());
        for (DemoDataset.DemoCampaign c : data.campaigns()) {
            if (!campaignCodes.contains(c.code())) {
                campaigns.create(new CampaignCreate(c.code(), c.name(), c.description(), c.startsOn(), null));
            }
        }
        for (DemoDataset.DemoTarget t : data.targets()) {
            boolean present = targets.list(t.campaign()).stream().map(TargetView::name).anyMatch(t.name()::equals);
            if (!present) {
                targets.create(t.campaign(), new TargetInput(t.name(), t.metric(), t.amount(), t.regionCode(),
                        t.periodStart(), t.periodEnd()), "demo");
            }
        }

        Set<String> partnerCodes = partners.list().stream().map(PartnerView::code).collect(Collectors.toSet());
        Map<String, Caller> callers = new HashMap<>();
        for (DemoDataset.DemoPartner p : data.partners()) {
            if (!partnerCodes.contains(p.code())) {
                // The key is not kept: the loader acts as the partner in process, and nobody else needs it.
                partners.create(new PartnerInput(p.code(), p.name(), p.kind(), Set.of(Role.PARTNER)));
            }
            callers.put(p.code(), partners.actingAs(p.code()));
        }

        int umkmCreated = 0;
        List<DemoDataset.DemoUmkm> registry = data.umkm();
        for (int from = 0; from < registry.size(); from += UMKM_CHUNK) {
            // One commit per chunk rather than per UMKM: the registration itself is the API's.
            List<DemoDataset.DemoUmkm> chunk = registry.subList(from, Math.min(registry.size(), from + UMKM_CHUNK));
            umkmCreated += QuarkusTransaction.requiringNew().call(() -> {
                int created = 0;
                for (DemoDataset.DemoUmkm u : chunk) {
                    if (umkm.register(new UmkmInput(u.nib(), u.name(), u.regionCode(), u.sector(), u.scale(),
                            u.curated(), u.exportReady(), u.digitalPayments()), null).created()) {
                        created++;
                    }
                }
                return created;
            });
        }

        Tally tally = new Tally();
        Map<String, UUID> saleIds = new HashMap<>();
        Map<String, List<DemoSale>> byPartner = new LinkedHashMap<>();
        data.sales().forEach(s -> byPartner.computeIfAbsent(s.partner(), k -> new ArrayList<>()).add(s));
        byPartner.forEach((partner, sales) -> {
            for (int from = 0; from < sales.size(); from += BATCH) {
                List<DemoSale> chunk = sales.subList(from, Math.min(sales.size(), from + BATCH));
                BatchResult result = posting.postBatch(callers.get(partner),
                        chunk.stream().map(this::item).map(reader::read).toList());
                for (BatchItemResult r : result.results()) {
                    tally.count(r.status(), r.problem() == null ? null : r.problem().detail());
                    if (r.id() != null) {
                        saleIds.put(chunk.get(r.index()).externalRef(), r.id());
                    }
                }
            }
        });
        for (DemoReversal r : data.reversals()) {
            UUID sale = saleIds.get(r.saleRef());
            if (sale == null) {
                tally.count(ItemStatus.REJECTED, "reversal " + r.externalRef() + " of a sale that was refused");
                continue;
            }
            boolean replayed = reversals.reverse(callers.get(r.partner()), sale,
                    new ReversalInput(r.externalRef(), r.amount(), r.reason(), r.occurredAt())).replayed();
            tally.count(replayed ? ItemStatus.REPLAYED : ItemStatus.CREATED, null);
        }
        return new Report(umkmCreated, data.umkm().size() - umkmCreated, tally.created, tally.replayed,
                tally.rejected, List.copyOf(tally.problems));
    }

    /** The sale as the item a partner would send in a batch. */
    private TransactionInput item(DemoSale s) {
        ObjectNode metadata = s.destination() == null ? null
                : json.createObjectNode().put("destination", s.destination()).put("product", "gula aren organik");
        return new TransactionInput(s.externalRef(), s.campaign(), null, s.nib(), s.amount(), s.currency(),
                s.fxRateToIdr(), s.channel(), s.occurredAt(), metadata, s.destinationCountry());
    }

    private static final class Tally {
        int created;
        int replayed;
        int rejected;
        final List<String> problems = new ArrayList<>();

        void count(ItemStatus status, String problem) {
            switch (status) {
                case CREATED -> created++;
                case REPLAYED -> replayed++;
                case REJECTED -> {
                    rejected++;
                    if (problems.size() < 5) {
                        problems.add(problem);
                    }
                }
            }
        }
    }
}
