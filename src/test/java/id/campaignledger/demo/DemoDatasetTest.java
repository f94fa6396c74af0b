package id.campaignledger.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.common.Money;
import id.campaignledger.ledger.Channel;
import id.campaignledger.demo.DemoDataset.DemoReversal;
import id.campaignledger.demo.DemoDataset.DemoSale;
import id.campaignledger.demo.DemoDataset.DemoUmkm;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo dataset tells the article's story exactly, and the same way every time. */
class DemoDatasetTest {

    private final DemoDataset data = DemoDataset.generate();

    @Test
    void bantenBbiIn2023NetsExactlyTwelveTrillionAfterReversals() {
        assertEquals(0, net("BBI", "36").compareTo(new BigDecimal("12000000000000.00")),
                net("BBI", "36").toPlainString());
        assertEquals(0, net("BBWI", "36").compareTo(new BigDecimal("1200000000000.00")),
                net("BBWI", "36").toPlainString());
        // BBI is national: six UMKM in other provinces add Rp 100 juta each; BBWI stays Banten's.
        assertEquals(0, net("BBI", "").compareTo(new BigDecimal("12000600000000.00")), net("BBI", "").toPlainString());
        assertEquals(0, net("BBWI", "").compareTo(new BigDecimal("1200000000000.00")));
        assertTrue(data.reversals().size() >= 40, "reversals: " + data.reversals().size());
        assertTrue(data.reversals().stream().anyMatch(r -> r.amount().compareTo(sale(r).amount()) == 0),
                "some reversal takes the whole sale");
        assertTrue(data.reversals().stream().anyMatch(r -> r.amount().compareTo(sale(r).amount()) < 0),
                "some reversal takes part of a sale");
    }

    @Test
    void registryHas1206UmkmAcrossBantensEightRegenciesWith500CuratedAnd76ExportReady() {
        List<DemoUmkm> umkm = data.umkm().stream().filter(u -> u.regionCode().startsWith("36")).toList();
        assertEquals(1206, umkm.size());
        assertEquals(500, umkm.stream().filter(DemoUmkm::curated).count());
        assertEquals(76, umkm.stream().filter(DemoUmkm::exportReady).count());
        assertTrue(umkm.stream().filter(DemoUmkm::exportReady).allMatch(DemoUmkm::curated));
        // Lebak's palm-sugar makers sit in the district of Sobang (36.02.22), the others at regency level.
        assertEquals(Set.of("36.01", "36.02", "36.02.22", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"),
                umkm.stream().map(DemoUmkm::regionCode).collect(Collectors.toSet()));
        assertTrue(umkm.stream().filter(u -> u.regionCode().equals(DemoDataset.SOBANG))
                .allMatch(u -> u.name().startsWith("Gula Aren")));
        assertEquals(1206, umkm.stream().map(DemoUmkm::nib).distinct().count());
        assertTrue(umkm.stream().allMatch(u -> u.nib().matches("[0-9]{13}")));
        DemoUmkm sobang = umkm.stream().filter(u -> u.nib().equals(DemoDataset.SOBANG_NIB)).findFirst().orElseThrow();
        assertEquals("36.02.22", sobang.regionCode());
        assertTrue(sobang.name().contains("Sobang") && sobang.exportReady());
    }

    @Test
    void aFewUmkmInOtherProvincesSellInBbiToo() {
        List<DemoUmkm> elsewhere = data.umkm().stream().filter(u -> !u.regionCode().startsWith("36")).toList();
        assertEquals(6, elsewhere.size());
        assertEquals(Set.of("31", "33", "11", "51", "73", "53"), elsewhere.stream()
                .map(u -> u.regionCode().substring(0, 2)).collect(Collectors.toSet()));
        assertTrue(elsewhere.stream().noneMatch(u -> u.curated() || u.exportReady()));
        Set<String> nibs = elsewhere.stream().map(DemoUmkm::nib).collect(Collectors.toSet());
        List<DemoSale> theirs = data.sales().stream().filter(s -> nibs.contains(s.nib())).toList();
        assertEquals(nibs, theirs.stream().map(DemoSale::nib).collect(Collectors.toSet()));
        assertTrue(theirs.stream().allMatch(s -> s.campaign().equals("BBI") && s.occurredAt().getYear() == 2023));
        // The QRIS share of what they sell is Banten's plan share, so the campaign's QRIS share stays 20 %.
        BigDecimal qris = theirs.stream().filter(s -> s.channel() == Channel.QRIS).map(DemoSale::amountIdr)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, qris.compareTo(new BigDecimal("120000000.00")));
        assertEquals(1212, data.umkm().stream().map(DemoUmkm::nib).distinct().count());
    }

    @Test
    void sobangsExportsNameTheirDestinations() {
        List<DemoSale> exports = data.sales().stream().filter(s -> s.destinationCountry() != null).toList();
        assertTrue(exports.stream().allMatch(s -> s.channel() == Channel.EXPORT
                && s.nib().equals(DemoDataset.SOBANG_NIB)));
        assertEquals(Set.of("NL", "DE", "FR", "SG", "JP", "KR"),
                exports.stream().map(DemoSale::destinationCountry).collect(Collectors.toSet()));
        assertTrue(exports.stream().filter(s -> s.currency().equals("EUR"))
                .allMatch(s -> Set.of("NL", "DE", "FR").contains(s.destinationCountry())));
        assertEquals(48, exports.size());
    }

    @Test
    void salesCoverEveryChannelAndSobangExportsInFourCurrenciesWithRates() {
        List<DemoSale> bbi = data.sales().stream().filter(s -> s.campaign().equals("BBI")).toList();
        assertEquals(EnumSet.allOf(Channel.class), bbi.stream().map(DemoSale::channel)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class))));
        Set<String> foreign = bbi.stream().filter(s -> !s.currency().equals("IDR"))
                .peek(s -> assertEquals(DemoDataset.SOBANG_NIB, s.nib()))
                .peek(s -> assertTrue(s.fxRateToIdr().signum() > 0))
                .map(DemoSale::currency).collect(Collectors.toSet());
        assertEquals(Set.of("EUR", "SGD", "JPY", "KRW"), foreign);
        assertEquals(5, bbi.stream().map(DemoSale::partner).distinct().count());
    }

    @Test
    void everyEntryKeepsTheLedgerRules() {
        Set<String> refs = new HashSet<>();
        for (DemoSale s : data.sales()) {
            assertTrue(refs.add(s.partner() + "/" + s.externalRef()), "duplicate " + s.externalRef());
            assertTrue(s.amount().signum() > 0 && s.amount().scale() <= 2, s.externalRef());
            assertTrue(s.amountIdr().compareTo(Money.MAX_ENTRY_IDR) <= 0, s.externalRef());
            LocalDate day = s.occurredAt().toLocalDate();
            assertTrue(day.getYear() == 2023, s.externalRef() + " " + day);
        }
        for (DemoReversal r : data.reversals()) {
            DemoSale sale = sale(r);
            assertTrue(refs.add(r.partner() + "/" + r.externalRef()), "duplicate " + r.externalRef());
            assertEquals(sale.partner(), r.partner());
            assertTrue(r.amount().signum() > 0 && r.amount().compareTo(sale.amount()) <= 0, r.externalRef());
            assertTrue(!r.occurredAt().isBefore(sale.occurredAt()), r.externalRef());
            assertEquals(2023, r.occurredAt().getYear(), r.externalRef());
        }
    }

    @Test
    void theSameSeedGivesTheSameDataset() {
        DemoDataset again = DemoDataset.generate();
        assertEquals(data.sales(), again.sales());
        assertEquals(data.reversals(), again.reversals());
        assertEquals(data.umkm(), again.umkm());
    }

    @Test
    void allotSplitsATotalExactlyInProportion() {
        BigDecimal[] into = new BigDecimal[3];
        BantenSales.allot(new BigDecimal("100.00"), List.of(0, 1, 2), new long[] { 1, 1, 1 }, into);
        assertEquals(List.of(new BigDecimal("33.34"), new BigDecimal("33.33"), new BigDecimal("33.33")),
                List.of(into));
    }

    /** A campaign's net in IDR over the UMKM whose region starts with the prefix ("" for all). */
    private BigDecimal net(String campaign, String regionPrefix) {
        Set<String> nibs = data.umkm().stream().filter(u -> u.regionCode().startsWith(regionPrefix))
                .map(DemoUmkm::nib).collect(Collectors.toSet());
        List<DemoSale> of = data.sales().stream().filter(s -> s.campaign().equals(campaign) && nibs.contains(s.nib()))
                .toList();
        BigDecimal sales = of.stream().map(DemoSale::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
        Set<String> refs = of.stream().map(DemoSale::externalRef).collect(Collectors.toSet());
        BigDecimal reversed = data.reversals().stream().filter(r -> refs.contains(r.saleRef()))
                .map(DemoReversal::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
        return sales.subtract(reversed);
    }

    private DemoSale sale(DemoReversal r) {
        Map<String, DemoSale> byRef = data.sales().stream()
                .collect(Collectors.toMap(DemoSale::externalRef, Function.identity()));
        return byRef.get(r.saleRef());
    }
}
