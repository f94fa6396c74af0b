package id.campaignledger.demo;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.Money;
import id.campaignledger.ledger.Channel;
import id.campaignledger.partner.PartnerKind;
import id.campaignledger.umkm.Scale;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The article's story as data: Banten's BBI 2023 target of Rp 60 miliar realised at exactly
 * Rp 12 triliun (20,000.00 %), 1,206 UMKM of which 500 curated and 76 export-ready, organic palm
 * sugar from Sobang (Lebak) exported in EUR, SGD, JPY and KRW. Generated from a fixed seed, so
 * every run yields the same items with the same external references: loading it twice replays.
 * Plain data only; {@link DemoLoader} feeds it through the services that serve the API.
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

    /** A sale as a partner would post it; {@code destination} goes into the metadata of exports. */
    public record DemoSale(String partner, String externalRef, String campaign, String nib, BigDecimal amount,
            String currency, BigDecimal fxRateToIdr, Channel channel, OffsetDateTime occurredAt,
            String destination) {

        public BigDecimal amountIdr() {
            return fxRateToIdr == null ? amount : Money.toIdr(amount, fxRateToIdr);
        }
    }

    /** A partial or full reversal of a sale (by the sale's partner, in its currency). */
    public record DemoReversal(String partner, String externalRef, String saleRef, BigDecimal amount,
            BigDecimal amountIdr, String reason, OffsetDateTime occurredAt) {
    }

    private final List<DemoCampaign> campaigns;
    private final List<DemoTarget> targets;
    private final List<DemoPartner> partners;
    private final List<DemoUmkm> umkm;
    private final List<DemoSale> sales = new ArrayList<>();
    private final List<DemoReversal> reversals = new ArrayList<>();

    private DemoDataset() {
        campaigns = List.of(
                new DemoCampaign("BBI", "Bangga Buatan Indonesia",
                        "Gerakan Nasional Bangga Buatan Indonesia: belanja produk UMKM dalam negeri.",
                        LocalDate.of(2020, 5, 14)),
                new DemoCampaign("BBWI", "Bangga Berwisata di Indonesia",
                        "Gerakan Bangga Berwisata di Indonesia: belanja wisata dan ekonomi kreatif.",
                        LocalDate.of(2021, 1, 1)));
        targets = List.of(
                new DemoTarget("BBI", "Banten 2023", TargetMetric.TRANSACTION_VALUE, BBI_BANTEN_2023_TARGET, BANTEN,
                        YEAR_START, YEAR_END),
                new DemoTarget("BBI", "UMKM aktif Banten 2023", TargetMetric.ACTIVE_UMKM, new BigDecimal("1000"),
                        BANTEN, YEAR_START, YEAR_END),
                new DemoTarget("BBWI", "Banten 2023", TargetMetric.TRANSACTION_VALUE, BBWI_BANTEN_2023_TARGET,
                        BANTEN, YEAR_START, YEAR_END));
        partners = List.of(
                new DemoPartner("demo-pasar-daring", "Pasar Daring Nusantara", PartnerKind.MARKETPLACE),
                new DemoPartner("demo-ekatalog", "Katalog Elektronik Pengadaan", PartnerKind.E_KATALOG),
                new DemoPartner("demo-qris-banten", "Acquirer QRIS Banten", PartnerKind.QRIS_ACQUIRER),
                new DemoPartner("demo-expo-banten", "Banten Expo UMKM", PartnerKind.EXPO_ORGANISER),
                new DemoPartner("demo-dinas-banten", "Dinas Koperasi dan UKM Banten", PartnerKind.GOVERNMENT));
        umkm = new ArrayList<>();
    }

    /** The dataset of {@link #SEED}. */
    public static DemoDataset generate() {
        return generate(SEED);
    }

    static DemoDataset generate(long seed) {
        DemoDataset d = new DemoDataset();
        Random random = new Random(seed);
        d.generateUmkm(random);
        d.generateBbi(random);
        d.generateBbwi(random);
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

    // ---- UMKM ------------------------------------------------------------------------------

    /** Banten's 8 regencies and cities with how many of the 1,206 UMKM each holds. */
    private static final Map<String, Integer> REGENCIES = new LinkedHashMap<>();
    private static final Map<String, String> PLACE = Map.of("36.01", "Pandeglang", "36.02", "Lebak",
            "36.03", "Tangerang", "36.04", "Serang", "36.71", "Kota Tangerang", "36.72", "Cilegon",
            "36.73", "Kota Serang", "36.74", "Tangerang Selatan");

    static {
        REGENCIES.put("36.01", 120);
        REGENCIES.put("36.02", 130);
        REGENCIES.put("36.03", 260);
        REGENCIES.put("36.04", 150);
        REGENCIES.put("36.71", 220);
        REGENCIES.put("36.72", 80);
        REGENCIES.put("36.73", 100);
        REGENCIES.put("36.74", 146);
    }

    /** Product and its KBLI sector code. */
    private static final String[][] PRODUCTS = {
            { "Gula Aren", "10721" }, { "Emping Melinjo", "10794" }, { "Kopi Robusta", "10761" },
            { "Batik Banten", "13134" }, { "Keripik Pisang", "10313" }, { "Sate Bandeng", "10221" },
            { "Kerajinan Bambu", "16299" }, { "Madu Hutan", "10799" }, { "Dodol Durian", "10732" },
            { "Rengginang", "10794" }, { "Tenun Baduy", "13121" }, { "Anyaman Pandan", "16294" },
            { "Kue Jahe", "10710" }, { "Sambal Rampai", "10771" }, { "Abon Ikan", "10222" },
            { "Kerupuk Kulit", "10130" }, { "Golok Ciomas", "25931" }, { "Kopi Luwak", "10761" } };
    private static final String[] HOUSES = { "Sari", "Berkah", "Mandiri", "Jaya", "Lestari", "Barokah", "Sejahtera",
            "Makmur", "Asri", "Family", "Bu Siti", "Pak Ujang", "Teh Euis", "Mang Asep" };

    private void generateUmkm(Random random) {
        List<String> regions = new ArrayList<>();
        REGENCIES.forEach((code, count) -> regions.addAll(Collections.nCopies(count, code)));
        // The first UMKM of Lebak is the Sobang palm sugar exporter; keep it at index 0.
        regions.remove(LEBAK);
        regions.add(0, LEBAK);

        List<Integer> others = new ArrayList<>(IntStream.range(1, UMKM_REGISTERED).boxed().toList());
        Collections.shuffle(others, random);
        Set<Integer> curated = new HashSet<>(others.subList(0, UMKM_CURATED - 1));
        curated.add(0);
        Set<Integer> exportReady = new HashSet<>(others.subList(0, UMKM_EXPORT_READY - 1));
        exportReady.add(0);

        for (int i = 0; i < UMKM_REGISTERED; i++) {
            String region = regions.get(i);
            String nib = String.format("9136%09d", i);
            if (i == 0) {
                umkm.add(new DemoUmkm(nib, "Gula Aren Organik Sobang", SOBANG, "10721", Scale.KECIL, true, true,
                        true));
                continue;
            }
            String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            String name = product[0] + " " + HOUSES[random.nextInt(HOUSES.length)] + " " + PLACE.get(region);
            // Lebak's palm-sugar makers are registered at district level, in Sobang like the exporter.
            if (region.equals(LEBAK) && product[0].equals("Gula Aren")) {
                region = SOBANG;
            }
            int s = random.nextInt(100);
            Scale scale = s < 80 ? Scale.MIKRO : s < 96 ? Scale.KECIL : Scale.MENENGAH;
            boolean digital = curated.contains(i) || random.nextInt(100) < 62;
            umkm.add(new DemoUmkm(nib, name, region, product[1], scale, curated.contains(i), exportReady.contains(i),
                    digital));
        }
    }

    // ---- Sales ------------------------------------------------------------------------------

    private static final Map<Channel, String> PARTNER_OF = new EnumMap<>(Map.of(
            Channel.MARKETPLACE, "demo-pasar-daring", Channel.E_KATALOG, "demo-ekatalog",
            Channel.QRIS, "demo-qris-banten", Channel.EXPO, "demo-expo-banten",
            Channel.OFFLINE, "demo-dinas-banten", Channel.EXPORT, "demo-dinas-banten",
            Channel.OTHER, "demo-dinas-banten"));

    /** A channel's percent of a campaign's net value in 2023, and how many sales make it up. */
    private record ChannelPlan(int valueShare, int sales) {
    }

    /** BBI uses every channel; E_KATALOG carries large government orders, QRIS many small payments. */
    private static final Map<Channel, ChannelPlan> BBI_PLAN = new EnumMap<>(Map.of(
            Channel.E_KATALOG, new ChannelPlan(35, 420), Channel.MARKETPLACE, new ChannelPlan(25, 1500),
            Channel.QRIS, new ChannelPlan(20, 2100), Channel.OFFLINE, new ChannelPlan(10, 480),
            Channel.EXPO, new ChannelPlan(6, 180), Channel.EXPORT, new ChannelPlan(3, 72),
            Channel.OTHER, new ChannelPlan(1, 48)));

    private static final Map<Channel, ChannelPlan> BBWI_PLAN = new EnumMap<>(Map.of(
            Channel.QRIS, new ChannelPlan(40, 360), Channel.OFFLINE, new ChannelPlan(25, 200),
            Channel.MARKETPLACE, new ChannelPlan(20, 160), Channel.EXPO, new ChannelPlan(15, 80)));

    /** Exports of Sobang palm sugar: currency, monthly foreign amount, base rate, destination. */
    private static final String[][] EXPORTS = {
            { "EUR", "18500.00", "16480.25", "Rotterdam, Belanda" },
            { "SGD", "26000.00", "11350.40", "Singapura" },
            { "JPY", "2750000", "108.1234", "Osaka, Jepang" },
            { "KRW", "31500000", "11.6822", "Busan, Korea Selatan" } };

    private void generateBbi(Random random) {
        // Foreign exports first: their IDR value is fixed by amount and rate and taken from EXPORT's share.
        List<DemoSale> exports = new ArrayList<>();
        for (String[] export : EXPORTS) {
            for (int month = 1; month <= 12; month++) {
                BigDecimal rate = new BigDecimal(export[2])
                        .multiply(BigDecimal.ONE.add(new BigDecimal(random.nextInt(401) - 200).movePointLeft(4)))
                        .setScale(4, Money.ROUNDING);
                BigDecimal amount = new BigDecimal(export[1])
                        .multiply(BigDecimal.valueOf(80 + random.nextInt(41))).movePointLeft(2)
                        .setScale(2, Money.ROUNDING);
                OffsetDateTime at = at(LocalDate.of(2023, month, 10 + random.nextInt(15)), random);
                exports.add(new DemoSale(PARTNER_OF.get(Channel.EXPORT), "DEMO-BBI-2023-FX-" + export[0] + "-" + month,
                        "BBI", SOBANG_NIB, amount, export[0], rate, Channel.EXPORT, at, export[3]));
            }
        }

        List<DemoUmkm> curated = umkm.stream().filter(DemoUmkm::curated).toList();
        List<DemoUmkm> exporters = umkm.stream().filter(DemoUmkm::exportReady).toList();
        List<DemoSale> idrSales = new ArrayList<>();
        Map<Channel, List<Integer>> byChannel = new EnumMap<>(Channel.class);
        int n = 0;
        for (Channel channel : BBI_PLAN.keySet()) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < BBI_PLAN.get(channel).sales(); i++) {
                List<DemoUmkm> pool = channel == Channel.EXPORT ? exporters
                        : channel == Channel.E_KATALOG ? curated : umkm;
                DemoUmkm seller = pool.get(random.nextInt(pool.size()));
                n++;
                // Placeholder amount: the real one is allotted below from the channel's share.
                idrSales.add(new DemoSale(PARTNER_OF.get(channel), String.format("DEMO-BBI-2023-%05d", n), "BBI",
                        seller.nib(), BigDecimal.ONE, "IDR", null, channel, at(growingDay(random), random), null));
                indices.add(idrSales.size() - 1);
            }
            byChannel.put(channel, indices);
        }

        long[] weights = idrSales.stream().mapToLong(s -> weight(random)).toArray();
        BigDecimal exportIdr = exports.stream().map(DemoSale::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal[] amounts = new BigDecimal[idrSales.size()];
        for (Channel channel : BBI_PLAN.keySet()) {
            BigDecimal total = BBI_BANTEN_2023_REALISED.multiply(BigDecimal.valueOf(BBI_PLAN.get(channel).valueShare()))
                    .movePointLeft(2);
            if (channel == Channel.EXPORT) {
                total = total.subtract(exportIdr);
            }
            allot(total, byChannel.get(channel), weights, amounts);
        }

        // Corrections: about one sale in a hundred is reversed, in part or in full, a few days later.
        // Each channel's other sales are raised by what its reversals take, so the net stays exact.
        Map<Channel, BigDecimal> reversedByChannel = new EnumMap<>(Channel.class);
        Set<Integer> reversed = new HashSet<>();
        for (Channel channel : BBI_PLAN.keySet()) {
            List<Integer> indices = byChannel.get(channel);
            int count = Math.max(1, indices.size() / 100);
            for (int k = 0; k < count; k++) {
                int i = indices.get(random.nextInt(indices.size()));
                if (!reversed.add(i)) {
                    continue;
                }
                DemoSale sale = idrSales.get(i);
                int percent = k % 3 == 0 ? 100 : 10 + 10 * random.nextInt(5);
                BigDecimal amount = amounts[i].multiply(BigDecimal.valueOf(percent)).movePointLeft(2)
                        .setScale(2, Money.ROUNDING);
                OffsetDateTime when = sale.occurredAt().plusDays(1 + random.nextInt(14));
                OffsetDateTime lastMoment = YEAR_END.atTime(23, 0).atOffset(WIB);
                if (when.isAfter(lastMoment)) {
                    when = lastMoment;
                }
                reversals.add(new DemoReversal(sale.partner(), sale.externalRef() + "-R", sale.externalRef(), amount,
                        amount, percent == 100 ? "Pesanan dibatalkan pembeli" : "Sebagian barang dikembalikan",
                        when));
                reversedByChannel.merge(channel, amount, BigDecimal::add);
            }
        }
        for (Channel channel : BBI_PLAN.keySet()) {
            BigDecimal extra = reversedByChannel.getOrDefault(channel, BigDecimal.ZERO);
            if (extra.signum() == 0) {
                continue;
            }
            List<Integer> untouched = byChannel.get(channel).stream().filter(i -> !reversed.contains(i)).toList();
            BigDecimal[] raise = new BigDecimal[amounts.length];
            allot(extra, untouched, weights, raise);
            untouched.forEach(i -> amounts[i] = amounts[i].add(raise[i]));
        }

        for (int i = 0; i < idrSales.size(); i++) {
            DemoSale s = idrSales.get(i);
            sales.add(new DemoSale(s.partner(), s.externalRef(), s.campaign(), s.nib(), amounts[i], "IDR", null,
                    s.channel(), s.occurredAt(), null));
        }
        sales.addAll(exports);
    }

    private void generateBbwi(Random random) {
        int n = 0;
        for (Map.Entry<Channel, ChannelPlan> plan : BBWI_PLAN.entrySet()) {
            Channel channel = plan.getKey();
            List<DemoSale> channelSales = new ArrayList<>();
            for (int i = 0; i < plan.getValue().sales(); i++) {
                DemoUmkm seller = umkm.get(random.nextInt(umkm.size()));
                n++;
                channelSales.add(new DemoSale(PARTNER_OF.get(channel), String.format("DEMO-BBWI-2023-%05d", n),
                        "BBWI", seller.nib(), BigDecimal.ONE, "IDR", null, channel, at(growingDay(random), random),
                        null));
            }
            long[] weights = channelSales.stream().mapToLong(s -> weight(random)).toArray();
            BigDecimal[] amounts = new BigDecimal[channelSales.size()];
            BigDecimal total = BBWI_BANTEN_2023_REALISED.multiply(BigDecimal.valueOf(plan.getValue().valueShare()))
                    .movePointLeft(2);
            allot(total, IntStream.range(0, channelSales.size()).boxed().toList(), weights, amounts);
            for (int i = 0; i < channelSales.size(); i++) {
                DemoSale s = channelSales.get(i);
                sales.add(new DemoSale(s.partner(), s.externalRef(), s.campaign(), s.nib(), amounts[i], "IDR", null,
                        s.channel(), s.occurredAt(), null));
            }
        }
    }

    /**
     * Splits {@code total} over the given indices in proportion to their weights, exactly to the
     * sen: each gets the floor of its share and the sen left over go one each to the first ones.
     */
    static void allot(BigDecimal total, List<Integer> indices, long[] weights, BigDecimal[] into) {
        BigInteger totalSen = total.setScale(2).unscaledValue();
        BigInteger weightSum = BigInteger.ZERO;
        for (int i : indices) {
            weightSum = weightSum.add(BigInteger.valueOf(weights[i]));
        }
        BigInteger given = BigInteger.ZERO;
        BigInteger[] sen = new BigInteger[indices.size()];
        for (int k = 0; k < indices.size(); k++) {
            sen[k] = totalSen.multiply(BigInteger.valueOf(weights[indices.get(k)])).divide(weightSum);
            given = given.add(sen[k]);
        }
        int left = totalSen.subtract(given).intValueExact();
        for (int k = 0; k < indices.size(); k++) {
            BigInteger value = k < left ? sen[k].add(BigInteger.ONE) : sen[k];
            into[indices.get(k)] = new BigDecimal(value, 2);
        }
    }

    /** A skewed positive weight: most sales are small, a few are large. */
    private static long weight(Random random) {
        return Math.max(1L, Math.round(Math.exp(random.nextGaussian() * 0.9) * 10_000));
    }

    /** A day of 2023, later days more likely, so the cumulative curve bends upwards as adoption grows. */
    private static LocalDate growingDay(Random random) {
        int days = YEAR_START.lengthOfYear();
        int day = (int) Math.floor(Math.sqrt(random.nextDouble()) * days);
        return YEAR_START.plusDays(Math.min(day, days - 1));
    }

    /** A moment in business hours (Western Indonesia Time) of the day. */
    private static OffsetDateTime at(LocalDate day, Random random) {
        return day.atTime(LocalTime.of(8 + random.nextInt(12), random.nextInt(60), random.nextInt(60)))
                .atOffset(WIB);
    }
}
