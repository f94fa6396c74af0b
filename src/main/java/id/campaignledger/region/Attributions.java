package id.campaignledger.region;

import id.campaignledger.region.RegionRecords.Attribution;

/** The source and licence of the reference regions; ODbL 1.0 section 4.3 asks to show them. */
public final class Attributions {

    public static final String ODBL_URL = "https://opendatacommons.org/licenses/odbl/1-0/";

    public static final Attribution REGIONS = new Attribution(
            "idn-area-data (https://github.com/fityannugroho/idn-area-data)", "4.0.1",
            "Kepmendagri No. 300.2.2-2138 Tahun 2025", "ODbL-1.0", ODBL_URL,
            "Regions: idn-area-data 4.0.1 by Fityan Nugroho and contributors, ODbL 1.0");

    private Attributions() {
    }
}
