package id.campaignledger.web;

import static id.campaignledger.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import id.campaignledger.support.Api;
import id.campaignledger.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Without ledger.dashboard.public (the default) the page asks for a VIEWER key, keeps it in the
 * tab's sessionStorage only, and reads the API with it.
 */
@QuarkusTest
class DashboardAccessBrowserTest {

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() {
        browser = DashboardBrowserTest.startChromium();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPrivateDashboardAsksForAViewerKeyAndReadsWithIt() {
        browser.get(page.toString());
        browser.executeScript("localStorage.clear(); sessionStorage.clear();");
        browser.navigate().refresh();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("access")));
        assertFalse(browser.findElement(By.id("umkm")).isDisplayed());

        browser.findElement(By.id("access-key")).sendKeys("not-a-key-of-this-ledger");
        browser.findElement(By.cssSelector("#access-form button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("access-error")));
        assertEquals("Kunci tidak dikenal atau sudah dicabut.", browser.findElement(By.id("access-error")).getText());

        String campaign = Fixtures.campaign();
        String viewerKey = Api.newPartnerKey("VIEWER");
        int registered = as(viewerKey).get("/api/v1/umkm/stats").then().statusCode(200).extract().path("registered");
        browser.findElement(By.id("access-key")).clear();
        browser.findElement(By.id("access-key")).sendKeys(viewerKey);
        browser.findElement(By.cssSelector("#access-form button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("umkm")));

        assertFalse(browser.findElement(By.id("access")).isDisplayed());
        String shown = browser.findElement(By.cssSelector("[data-stat='registered'] .stat-value")).getText();
        assertEquals(String.format(java.util.Locale.GERMANY, "%,d", registered), shown);
        assertEquals(viewerKey, browser.executeScript("return sessionStorage.getItem('campaign-ledger.viewer-key')"));
        assertNull(browser.executeScript("return localStorage.getItem('campaign-ledger.viewer-key')"));
        assertEquals(1, browser.findElements(By.cssSelector("[data-campaign='" + campaign + "']")).size());
    }
}
