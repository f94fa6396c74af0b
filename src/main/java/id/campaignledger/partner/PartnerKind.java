package id.campaignledger.partner;

public enum PartnerKind {
    MARKETPLACE, E_KATALOG, QRIS_ACQUIRER, EXPO_ORGANISER, GOVERNMENT, OTHER
}
