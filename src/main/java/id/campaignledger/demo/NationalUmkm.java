package id.campaignledger.demo;

import static id.campaignledger.demo.DemoDataset.WIB;

import id.campaignledger.demo.DemoDataset.DemoSale;
import id.campaignledger.demo.DemoDataset.DemoUmkm;
import id.campaignledger.ledger.Channel;
import id.campaignledger.umkm.Scale;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * BBI is a national campaign: a few UMKM outside Banten, each with BBI sales in 2023. Fixed data,
 * no randomness, so Banten's generated figures do not move. Every UMKM here sells Rp 100 juta in
 * a year: Rp 50 juta on a marketplace, Rp 30 juta through e-Katalog and Rp 20 juta by QRIS, the
 * same QRIS share (20 %) as Banten's plan. None is curated or export-ready, so those counts stay
 * Banten's.
 */
final class NationalUmkm {

    /** NIB, name, region (Kemendagri code), KBLI sector, scale. */
    private static final String[][] REGISTRY = {
            { "9131000000001", "Kerak Telor Bang Jali", "31.71", "10792", "MIKRO" },
            { "9133000000001", "Batik Tulis Laweyan Sekar", "33.72.01", "13134", "KECIL" },
            { "9111000000001", "Kopi Gayo Takengon", "11.04", "10761", "KECIL" },
            { "9151000000001", "Perak Ukir Ubud", "51.04.05", "32111", "MIKRO" },
            { "9173000000001", "Tenun Sutra Makassar", "73.71", "13121", "MIKRO" },
            { "9153000000001", "Tenun Ikat Sumba Timur", "53.11", "13121", "MIKRO" } };

    static final int COUNT = REGISTRY.length;

    /** Channel, amount in IDR, month and day of 2023. */
    private static final Object[][] YEAR = {
            { Channel.MARKETPLACE, "30000000.00", 3, 14 },
            { Channel.MARKETPLACE, "20000000.00", 8, 17 },
            { Channel.E_KATALOG, "30000000.00", 6, 5 },
            { Channel.QRIS, "12500000.00", 5, 20 },
            { Channel.QRIS, "7500000.00", 11, 9 } };

    private NationalUmkm() {
    }

    static void generate(List<DemoUmkm> umkm, List<DemoSale> sales) {
        for (String[] u : REGISTRY) {
            umkm.add(new DemoUmkm(u[0], u[1], u[2], u[3], Scale.valueOf(u[4]), false, false, true));
        }
        int n = 0;
        for (String[] u : REGISTRY) {
            for (Object[] sale : YEAR) {
                n++;
                Channel channel = (Channel) sale[0];
                LocalDateTime at = LocalDateTime.of(2023, (int) sale[2], (int) sale[3], 10 + n % 8, 15);
                sales.add(new DemoSale(BantenSales.PARTNER_OF.get(channel), String.format("DEMO-BBI-2023-N%03d", n),
                        "BBI", u[0], new BigDecimal((String) sale[1]), "IDR", null, channel, at.atOffset(WIB), null,
                        null));
            }
        }
    }
}
