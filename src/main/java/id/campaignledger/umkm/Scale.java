package id.campaignledger.umkm;

/** Business scale under Law 20/2008 and PP 7/2021: micro, small, medium. */
public enum Scale {
    MIKRO, KECIL, MENENGAH
}
