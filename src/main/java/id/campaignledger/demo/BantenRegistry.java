package id.campaignledger.demo;

import static id.campaignledger.demo.DemoDataset.LEBAK;
import static id.campaignledger.demo.DemoDataset.SOBANG;
import static id.campaignledger.demo.DemoDataset.UMKM_CURATED;
import static id.campaignledger.demo.DemoDataset.UMKM_EXPORT_READY;
import static id.campaignledger.demo.DemoDataset.UMKM_REGISTERED;

import id.campaignledger.demo.DemoDataset.DemoUmkm;
import id.campaignledger.umkm.Scale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/** Banten's 1,206 demo UMKM across its eight regencies and cities, Sobang's exporter first. */
final class BantenRegistry {

    private BantenRegistry() {
    }

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

    static void generate(Random random, List<DemoUmkm> umkm) {
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
}
