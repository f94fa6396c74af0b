package id.campaignledger.ledger;

import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.umkm;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** Each transaction test starts with a new partner key, an open campaign and a UMKM in Kabupaten Lebak. */
abstract class PartnerCampaignAndUmkm {

    @Inject
    AgroalDataSource database;

    String partner;
    String campaign;
    String umkmId;

    @BeforeEach
    void partnerCampaignAndUmkm() {
        partner = newPartnerKey("PARTNER");
        campaign = campaign();
        umkmId = umkm("36.02");
    }
}
