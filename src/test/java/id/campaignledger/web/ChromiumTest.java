package id.campaignledger.web;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ChromiumTest {

    private static final String MISSING = "/nonexistent/chromium-" + System.nanoTime();

    @Test
    void withoutChromiumTheBrowserTestsAreSkippedNamingThePackages() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> Chromium.requireOrSkip(MISSING, MISSING, false));
        assertTrue(skipped.getMessage().contains("chromium chromium-driver"), skipped.getMessage());
    }

    @Test
    void whenRequiredAMissingChromiumFails() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> Chromium.requireOrSkip(MISSING, MISSING, true));
        assertTrue(failed.getMessage().contains("chromium chromium-driver"), failed.getMessage());
    }
}
