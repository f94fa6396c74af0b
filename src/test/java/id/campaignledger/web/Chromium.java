package id.campaignledger.web;

import java.io.File;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the browser tests can run. A machine with only a JDK has no Chromium: there the browser
 * tests are skipped with a message naming the packages, so the README's test command passes. CI
 * installs the packages and sets {@code -Dbrowser.required=true}, which turns their absence into a
 * failure rather than a silent skip.
 */
final class Chromium {

    static final String PACKAGES = "chromium chromium-driver";
    static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromedriver", "/usr/bin/chromedriver");
    static final boolean REQUIRED = Boolean.getBoolean("browser.required");

    private Chromium() {
    }

    /** Returns normally when both executables are there; otherwise skips the test, or fails it when required. */
    static void requireOrSkip(String binary, String driver, boolean required) {
        if (new File(binary).canExecute() && new File(driver).canExecute()) {
            return;
        }
        String message = "browser tests need " + binary + " and " + driver + ": apt-get install " + PACKAGES;
        if (required) {
            Assertions.fail(message + " (browser.required=true)");
        }
        Assumptions.abort("skipped: " + message);
    }

    static void requireOrSkip() {
        requireOrSkip(BINARY, DRIVER, REQUIRED);
    }
}
