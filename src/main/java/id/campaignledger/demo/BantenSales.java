package id.campaignledger.demo;

import static id.campaignledger.demo.DemoDataset.BBI_BANTEN_2023_REALISED;
import static id.campaignledger.demo.DemoDataset.BBWI_BANTEN_2023_REALISED;
import static id.campaignledger.demo.DemoDataset.SOBANG_NIB;
import static id.campaignledger.demo.DemoDataset.WIB;
import static id.campaignledger.demo.DemoDataset.YEAR_END;
import static id.campaignledger.demo.DemoDataset.YEAR_START;

import id.campaignledger.common.Money;
import id.campaignledger.demo.DemoDataset.DemoReversal;
import id.campaignledger.demo.DemoDataset.DemoSale;
import id.campaignledger.demo.DemoDataset.DemoUmkm;
import id.campaignledger.ledger.Channel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Banten's sales and reversals of 2023: BBI nets exactly Rp 12 triliun, BBWI Rp 1,2 triliun, split
 * over the channels by plan; Sobang's palm sugar is exported every month in four currencies.
 */
final class BantenSales {

    private final Random random;
    private final List<DemoUmkm> umkm;
    private final List<DemoSale> sales;
    private final List<DemoReversal> reversals;

    BantenSales(Random random, List<DemoUmkm> umkm, List<DemoSale> sales, List<DemoReversal> reversals) {
        this.random = random;
        this.umkm = umkm;
        this.sales = sales;
        this.reversals = reversals;
    }

    static final Map<Channel, String> PARTNER_OF = new EnumMap<>(Map.of(
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

    /** Exports of Sobang palm sugar: currency, monthly foreign amount, base rate, destinations by month. */
    private static final String[][] EXPORTS = {
            { "EUR", "18500.00", "16480.25", "NL", "DE", "FR" },
            { "SGD", "26000.00", "11350.40", "SG" },
            { "JPY", "2750000", "108.1234", "JP" },
            { "KRW", "31500000", "11.6822", "KR" } };

    /** The port each destination is shipped to, as the metadata names it. */
    private static final Map<String, String> PORTS = Map.of("NL", "Rotterdam, Belanda", "DE", "Hamburg, Jerman",
            "FR", "Le Havre, Prancis", "SG", "Singapura", "JP", "Osaka, Jepang", "KR", "Busan, Korea Selatan");

    void generateBbi() {
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
                // The euro shipments go to the Netherlands, Germany and France in turn.
                String country = export[3 + (month - 1) % (export.length - 3)];
                exports.add(new DemoSale(PARTNER_OF.get(Channel.EXPORT), "DEMO-BBI-2023-FX-" + export[0] + "-" + month,
                        "BBI", SOBANG_NIB, amount, export[0], rate, Channel.EXPORT, at, PORTS.get(country), country));
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
                        seller.nib(), BigDecimal.ONE, "IDR", null, channel, at(growingDay(random), random), null,
                        null));
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
                    s.channel(), s.occurredAt(), null, null));
        }
        sales.addAll(exports);
    }

    void generateBbwi() {
        int n = 0;
        for (Map.Entry<Channel, ChannelPlan> plan : BBWI_PLAN.entrySet()) {
            Channel channel = plan.getKey();
            List<DemoSale> channelSales = new ArrayList<>();
            for (int i = 0; i < plan.getValue().sales(); i++) {
                DemoUmkm seller = umkm.get(random.nextInt(umkm.size()));
                n++;
                channelSales.add(new DemoSale(PARTNER_OF.get(channel), String.format("DEMO-BBWI-2023-%05d", n),
                        "BBWI", seller.nib(), BigDecimal.ONE, "IDR", null, channel, at(growingDay(random), random),
                        null, null));
            }
            long[] weights = channelSales.stream().mapToLong(s -> weight(random)).toArray();
            BigDecimal[] amounts = new BigDecimal[channelSales.size()];
            BigDecimal total = BBWI_BANTEN_2023_REALISED.multiply(BigDecimal.valueOf(plan.getValue().valueShare()))
                    .movePointLeft(2);
            allot(total, IntStream.range(0, channelSales.size()).boxed().toList(), weights, amounts);
            for (int i = 0; i < channelSales.size(); i++) {
                DemoSale s = channelSales.get(i);
                sales.add(new DemoSale(s.partner(), s.externalRef(), s.campaign(), s.nib(), amounts[i], "IDR", null,
                        s.channel(), s.occurredAt(), null, null));
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
