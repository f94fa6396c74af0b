package id.campaignledger.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Literal addresses only, so that the test needs no DNS. */
class UrlGuardTest {

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of("https://127.0.0.1/hook", "https://127.8.9.10/", "https://[::1]/hook",
                "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/", "https://169.254.169.254/latest",
                "https://[fd00:ec2::254]/", "https://[fe80::1]/", "https://0.0.0.0/", "https://100.64.0.1/",
                "https://[::ffff:127.0.0.1]/", "https://localhost/hook")) {
            Optional<String> refused = UrlGuard.refuse(url, false);
            assertTrue(refused.isPresent(), url + " must be refused");
        }
    }

    @Test
    void onlyHttpsWithAHostAndNoCredentials() {
        assertEquals(Optional.of("must be an https URL"), UrlGuard.refuse("http://93.184.216.34/hook", false));
        assertEquals(Optional.of("must be an https URL"), UrlGuard.refuse("ftp://93.184.216.34/", false));
        assertEquals(Optional.of("must not carry credentials"),
                UrlGuard.refuse("https://user:pw@93.184.216.34/", false));
        assertTrue(UrlGuard.refuse("https:///nohost", false).isPresent());
        assertTrue(UrlGuard.refuse("not a url", false).isPresent());
        assertEquals(Optional.empty(), UrlGuard.refuse("https://93.184.216.34/hook", false));
        assertEquals(Optional.empty(), UrlGuard.refuse("https://[2606:2800:220:1::1]/hook", false));
    }

    @Test
    void theDevelopmentSettingAllowsPlainHttpAndPrivateAddresses() {
        assertEquals(Optional.empty(), UrlGuard.refuse("http://127.0.0.1:20400/hook", true));
        assertEquals(Optional.empty(), UrlGuard.refuse("https://10.1.2.3/", true));
        assertTrue(UrlGuard.refuse("ftp://127.0.0.1/", true).isPresent());
    }
}
