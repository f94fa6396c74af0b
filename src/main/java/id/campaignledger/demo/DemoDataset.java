package id.campaignledger.demo;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.Money;
import id.campaignledger.ledger.Channel;
import id.campaignledger.partner.PartnerKind;
import id.campaignledger.umkm.Scale;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The article's story as data: Banten's BBI 2023 target of Rp 60 miliar realised at exactly
 * Rp 12 triliun (20,000.00 %), 1,206 UMKM of which 500 curated and 76 export-ready, organic palm
 * sugar from Sobang (Lebak) exported in EUR, SGD, JPY and KRW to the Netherlands, Germany, France,
 * Singapore, Japan and Korea; and, since BBI is national, a few UMKM in other provinces with sales
 * of their own. Generated from a fixed seed, so every run yields the same items with the same
 * external references: loading it twice replays. Plain data only ({@link BantenRegistry},
 * {@link BantenSales} and {@link NationalUmkm} make it); {@link DemoLoader} feeds it through the
 * services that serve the API.
 */
public final class DemoDataset {

    public static final long SEED = 20230101L;
    public static final String BANTEN = "36";
    public static final String LEBAK = "36.02";
    /** Kecamatan Sobang, Lebak: where the palm-sugar exporters of the article are. */
    public static final String SOBANG = "36.02.22";
    public static final String SOBANG_NIB = "9136000000000";
    public static final BigDecimal BBI_BANTEN_2023_TARGET = new BigDecimal("60000000000.00");
    public static final BigDecimal BBI_BANTEN_2023_REALISED = new BigDecimal("12000000000000.00");
    public static final BigDecimal BBWI_BANTEN_2023_TARGET = new BigDecimal("1500000000000.00");
    public static final BigDecimal BBWI_BANTEN_2023_REALISED = new BigDecimal("1200000000000.00");
    /** Banten's registry; {@link NationalUmkm#COUNT} more are registered in other provinces. */
    public static final int UMKM_REGISTERED = 1206;
    public static final int UMKM_CURATED = 500;
    public static final int UMKM_EXPORT_READY = 76;

    static final LocalDate YEAR_START = LocalDate.of(2023, 1, 1);
    static final LocalDate YEAR_END = LocalDate.of(2023, 12, 31);
    static final ZoneOffset WIB = ZoneOffset.ofHours(7);

    public record DemoCampaign(String code, String name, String description, LocalDate startsOn) {
    }

    public record DemoTarget(String campaign, String name, TargetMetric metric, BigDecimal amount,
            String regionCode, LocalDate periodStart, LocalDate periodEnd) {
    }

    public record DemoPartner(String code, String name, PartnerKind kind) {
    }

    public record DemoUmkm(String nib, String name, String regionCode, String sector, Scale scale, boolean curated,
            boolean exportReady, boolean digitalPayments) {
    }

    /**
     * A sale as a partner would post it. An export names its {@code destinationCountry} (ISO 3166-1
     * alpha-2); {@code destination}, the port, goes into its metadata.
     */
    public record DemoSale(String partner, String externalRef, String campaign, String nib, BigDecimal amount,
            String currency, BigDecimal fxRateToIdr, Channel channel, OffsetDateTime occurredAt,
            String destination, String destinationCountry) {

        public BigDecimal amountIdr() {
            return fxRateToIdr == null ? amount : Money.toIdr(amount, fxRateToIdr);
        }
    }

    /** A partial or full reversal of a sale (by the sale's partner, in its currency). */
    public record DemoReversal(String partner, String externalRef, String saleRef, BigDecimal amount,
            BigDecimal amountIdr, String reason, OffsetDateTime occurredAt) {
    }

    private final List<DemoCampaign> campaigns = List.of(
            new DemoCampaign("BBI", "Bangga Buatan Indonesia",
                    "Gerakan Nasional Bangga Buatan Indonesia: belanja produk UMKM dalam negeri.",
                    LocalDate.of(2020, 5, 14)),
            new DemoCampaign("BBWI", "Bangga Berwisata di Indonesia",
                    "Gerakan Bangga Berwisata di Indonesia: belanja wisata dan ekonomi kreatif.",
                    LocalDate.of(2021, 1, 1)));
    private final List<DemoTarget> targets = List.of(
            new DemoTarget("BBI", "Banten 2023", TargetMetric.TRANSACTION_VALUE, BBI_BANTEN_2023_TARGET, BANTEN,
                    YEAR_START, YEAR_END),
            new DemoTarget("BBI", "UMKM aktif Banten 2023", TargetMetric.ACTIVE_UMKM, new BigDecimal("1000"),
                    BANTEN, YEAR_START, YEAR_END),
            new DemoTarget("BBWI", "Banten 2023", TargetMetric.TRANSACTION_VALUE, BBWI_BANTEN_2023_TARGET,
                    BANTEN, YEAR_START, YEAR_END));
    private final List<DemoPartner> partners = List.of(
            new DemoPartner("demo-pasar-daring", "Pasar Daring Nusantara", PartnerKind.MARKETPLACE),
            new DemoPartner("demo-ekatalog", "Katalog Elektronik Pengadaan", PartnerKind.E_KATALOG),
            new DemoPartner("demo-qris-banten", "Acquirer QRIS Banten", PartnerKind.QRIS_ACQUIRER),
            new DemoPartner("demo-expo-banten", "Banten Expo UMKM", PartnerKind.EXPO_ORGANISER),
            new DemoPartner("demo-dinas-banten", "Dinas Koperasi dan UKM Banten", PartnerKind.GOVERNMENT));
    private final List<DemoUmkm> umkm = new ArrayList<>();
    private final List<DemoSale> sales = new ArrayList<>();
    private final List<DemoReversal> reversals = new ArrayList<>();

    private DemoDataset() {
    }

    /** The dataset of {@link #SEED}. */
    public static DemoDataset generate() {
        return generate(SEED);
    }

    static DemoDataset generate(long seed) {
        DemoDataset d = new DemoDataset();
        // One random sequence for Banten, in this order, so its figures stay those of the article.
        Random random = new Random(seed);
        BantenRegistry.generate(random, d.umkm);
        BantenSales sales = new BantenSales(random, d.umkm, d.sales, d.reversals);
        sales.generateBbi();
        sales.generateBbwi();
        // The other provinces come after and draw nothing from it.
        NationalUmkm.generate(d.umkm, d.sales);
        return d;
    }

    public List<DemoCampaign> campaigns() {
        return campaigns;
    }

    public List<DemoTarget> targets() {
        return targets;
    }

    public List<DemoPartner> partners() {
        return partners;
    }

    public List<DemoUmkm> umkm() {
        return Collections.unmodifiableList(umkm);
    }

    public List<DemoSale> sales() {
        return Collections.unmodifiableList(sales);
    }

    public List<DemoReversal> reversals() {
        return Collections.unmodifiableList(reversals);
    }
}
