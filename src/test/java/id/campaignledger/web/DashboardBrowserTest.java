package id.campaignledger.web;

import id.campaignledger.demo.DemoDataset;
import id.campaignledger.demo.DemoLoader;
import static id.campaignledger.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver packages),
 * against the application started with the demo dataset and a public dashboard. The numbers are
 * read from the page as a visitor sees them.
 */
@QuarkusTest
@TestProfile(DemoDashboardProfile.class)
class DashboardBrowserTest {

    static final String CHROMIUM = Chromium.BINARY;
    static final String CHROMEDRIVER = Chromium.DRIVER;

    /** Where a copy of the desktop screenshot goes, e.g. -Ddashboard.screenshot=docs/dashboard.png. */
    static final String SCREENSHOT_COPY = System.getProperty("dashboard.screenshot");

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL page;

    @Inject
    DemoLoader demo;

    @BeforeAll
    static void startBrowser() {
        browser = startChromium();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static ChromeDriver startChromium() {
        Chromium.requireOrSkip();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--window-size=1280,1000", "--lang=id-ID");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @BeforeEach
    void freshVisitor() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(page.toString());
        browser.executeScript("localStorage.clear(); sessionStorage.clear();");
    }

    @Test
    void pageShowsBantensStoryInBahasaIndonesia() throws IOException {
        open();
        assertEquals("id", browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        WebElement banten = target("BBI", "Banten 2023");
        assertEquals("20.000,00 %", banten.findElement(By.className("percent")).getText());
        assertEquals("Rp 12 triliun", banten.findElement(By.className("realised")).getText());
        assertEquals("Rp 60 miliar", banten.findElement(By.className("target-amount")).getText());
        assertEquals("Rp 12.000.000.000.000,00", banten.findElement(By.className("realised")).getDomAttribute("title"));
        assertTrue(banten.getText().contains("Tercapai"), banten.getText());

        // The registry is national: Banten's 1,206 and six UMKM in other provinces.
        assertEquals("1.212", stat("registered"));
        assertEquals("500", stat("curated"));
        assertEquals("76", stat("exportReady"));
        assertTrue(text("#umkm").contains("Siap ekspor"));

        WebElement bbi = campaign("BBI");
        assertTrue(bbi.findElement(By.className("qris-share")).getText()
                .startsWith("Dibayar digital lewat QRIS: 20,00 % dari nilai transaksi"),
                bbi.findElement(By.className("qris-share")).getText());
        List<WebElement> regencies = bbi.findElements(By.cssSelector(".breakdown-regency tbody tr"));
        assertEquals(8, regencies.size());
        assertTrue(bbi.findElement(By.cssSelector(".breakdown-regency")).getText().contains("Kabupaten Lebak"));
        assertEquals(7, bbi.findElements(By.cssSelector(".breakdown-channel tbody tr")).size());

        // The chart: a cumulative line over the weeks of 2023 and the target line.
        WebElement chart = bbi.findElement(By.cssSelector("svg.chart"));
        String points = chart.findElement(By.cssSelector("polyline.cumulative")).getDomAttribute("points");
        assertTrue(points.split(" ").length >= 52, points);
        assertEquals(1, chart.findElements(By.cssSelector("line.target-line")).size());
        assertEquals("Target Rp 60 miliar", chart.findElement(By.cssSelector("text.target-label")).getText());
        assertTrue(bbi.findElement(By.tagName("figcaption")).getText().contains("Target Rp 60 miliar"));
        assertTrue(bbi.findElement(By.tagName("figcaption")).getText().contains("Target tercapai"));

        WebElement bbwi = target("BBWI", "Banten 2023");
        assertEquals("80,00 %", bbwi.findElement(By.className("percent")).getText());
        assertEquals("Rp 1,5 triliun", bbwi.findElement(By.className("target-amount")).getText());

        screenshot(Path.of("target", "dashboard.png"));
        if (SCREENSHOT_COPY != null) {
            Files.copy(Path.of("target", "dashboard.png"), Path.of(SCREENSHOT_COPY),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void languageSwitchTurnsThePageIntoEnglishAndBack() {
        open();
        browser.findElement(By.id("lang-en")).click();
        assertEquals("en", browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        WebElement banten = target("BBI", "Banten 2023");
        assertEquals("20,000.00 %", banten.findElement(By.className("percent")).getText());
        assertEquals("IDR 12 trillion", banten.findElement(By.className("realised")).getText());
        assertEquals("IDR 60 billion", banten.findElement(By.className("target-amount")).getText());
        assertEquals("1,212", stat("registered"));
        assertEquals("Campaign Dashboard", text("h1"));
        assertTrue(text("#umkm").contains("Export-ready"));
        assertTrue(campaign("BBI").findElement(By.className("qris-share")).getText()
                .startsWith("Paid digitally by QRIS: 20.00 %"));

        // The choice outlives a reload; switching back restores Bahasa Indonesia.
        browser.navigate().refresh();
        waitForData();
        assertEquals("IDR 12 trillion", target("BBI", "Banten 2023").findElement(By.className("realised")).getText());
        browser.findElement(By.id("lang-id")).click();
        assertEquals("Dasbor Kampanye", text("h1"));
        assertEquals("Rp 12 triliun", target("BBI", "Banten 2023").findElement(By.className("realised")).getText());
    }

    @Test
    void onAPhoneThePageFitsTheScreenWidth() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        open();
        Number inner = (Number) browser.executeScript("return window.innerWidth");
        Number scroll = (Number) browser.executeScript("return document.documentElement.scrollWidth");
        assertTrue(scroll.intValue() <= inner.intValue(), "page is " + scroll + "px wide in a " + inner + "px window");
        assertEquals("20.000,00 %", target("BBI", "Banten 2023").findElement(By.className("percent")).getText());
        screenshot(Path.of("target", "dashboard-phone.png"));
    }

    @Test
    void theDemoIsLoadedThroughTheLedgerAndLoadingItAgainAddsNothing() {
        DemoLoader.Report again = demo.load();
        assertEquals(0, again.entriesCreated());
        assertEquals(0, again.entriesRejected(), String.valueOf(again.problems()));
        assertEquals(0, again.umkmCreated());
        assertEquals(1212, again.umkmExisting());
        DemoDataset data = DemoDataset.generate();
        assertEquals(data.sales().size() + data.reversals().size(), again.entriesReplayed());

        // Anonymous reads, as the page makes them, and the exact figures behind the page.
        given().get("/api/v1/campaigns").then().statusCode(200).body("items.code", hasItems("BBI", "BBWI"));
        given().get("/api/v1/campaigns/BBI/progress").then().statusCode(200)
                // The campaign is national: Banten's Rp 12 triliun and Rp 600 juta from six UMKM elsewhere.
                .body("totals.amountIdr", equalTo("12000600000000.00"))
                .body("targets.find { it.name == 'Banten 2023' }.percent", equalTo("20000.00"))
                .body("targets.find { it.name == 'Banten 2023' }.target", equalTo("60000000000.00"));
        given().get("/api/v1/umkm/stats?regionCode=36").then().statusCode(200)
                .body("registered", equalTo(1206)).body("curated", equalTo(500)).body("exportReady", equalTo(76));
        given().get("/api/v1/campaigns/BBI/breakdown?by=currency").then().statusCode(200)
                .body("rows.key", hasItems("IDR", "EUR", "SGD", "JPY", "KRW"));
        // Every entry went through the posting statement: the daily totals match the entries.
        asAdmin().get("/api/v1/admin/reconcile?campaign=BBI").then().statusCode(200)
                .body("consistent", equalTo(true));
        given().accept("text/html").get("/").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("dashboard.js"));
    }

    @Test
    void exportsByDestinationAreShownInBothLanguagesAndEqualTheDemosExports() {
        DemoDataset data = DemoDataset.generate();
        java.util.Map<String, java.math.BigDecimal> expected = new java.util.TreeMap<>();
        data.sales().stream().filter(s -> s.destinationCountry() != null)
                .forEach(s -> expected.merge(s.destinationCountry(), s.amountIdr(), java.math.BigDecimal::add));
        io.restassured.path.json.JsonPath api = given().queryParam("by", "destination")
                .get("/api/v1/campaigns/BBI/breakdown").then().statusCode(200).extract().jsonPath();
        java.util.Map<String, java.math.BigDecimal> answered = new java.util.TreeMap<>();
        List<String> keys = api.getList("rows.key", String.class);
        for (String key : keys) {
            answered.put(key, new java.math.BigDecimal(api.getString("rows.find { it.key == '" + key + "' }.amountIdr")));
        }
        assertEquals(expected, answered);
        assertEquals(java.util.Set.of("NL", "DE", "FR", "SG", "JP", "KR"), expected.keySet());

        open();
        WebElement panel = campaign("BBI").findElement(By.className("breakdown-destination"));
        assertEquals("Ekspor per negara tujuan", panel.findElement(By.tagName("h3")).getDomProperty("textContent"));
        List<WebElement> rows = panel.findElements(By.cssSelector("tbody tr"));
        assertEquals(keys, rows.stream().map(r -> r.getDomAttribute("data-key")).toList());
        assertEquals("Singapura", panel.findElement(By.cssSelector("tr[data-key='SG'] td")).getText());
        assertEquals("Korea Selatan", panel.findElement(By.cssSelector("tr[data-key='KR'] td")).getText());
        assertEquals("Belanda", panel.findElement(By.cssSelector("tr[data-key='NL'] td")).getText());
        assertTrue(panel.findElement(By.className("destination-note")).getText()
                .startsWith("Ekspor yang menyebut negara tujuannya: Rp "), panel.getText());

        browser.findElement(By.id("lang-en")).click();
        panel = campaign("BBI").findElement(By.className("breakdown-destination"));
        assertEquals("Exports by destination", panel.findElement(By.tagName("h3")).getDomProperty("textContent"));
        assertEquals("Singapore", panel.findElement(By.cssSelector("tr[data-key='SG'] td")).getText());
        assertEquals("Japan", panel.findElement(By.cssSelector("tr[data-key='JP'] td")).getText());
        assertEquals("Germany", panel.findElement(By.cssSelector("tr[data-key='DE'] td")).getText());
        assertTrue(panel.findElement(By.className("destination-note")).getText()
                .startsWith("Exports that name their destination country: IDR "), panel.getText());
        browser.findElement(By.id("lang-id")).click();
    }

    @Test
    void theRegionsDrillDownFromProvinceToRegencyToDistrictWithNames() {
        open();
        WebElement bbi = campaign("BBI");
        // The drill-down starts at the value target's region: Banten, by regency.
        assertEquals("Indonesia › Banten", bbi.findElement(By.className("crumbs")).getText());
        bbi.findElement(By.cssSelector(".breakdown-regency tr[data-key='36.02']")).click();
        WebElement districts = new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-campaign='BBI'] .breakdown-district")));
        assertEquals("Indonesia › Banten › Kabupaten Lebak", districts.findElement(By.className("crumbs")).getText());
        assertEquals("Sobang", districts.findElement(By.cssSelector("tr[data-key='36.02.22'] td")).getText());
        // Lebak's UMKM registered at regency level keep their own row beside the districts.
        assertTrue(districts.findElements(By.cssSelector("tr[data-key='36.02']")).size() == 1);
        // Headings are upper-cased by CSS only: compare the text itself.
        assertEquals("Per kecamatan", districts.findElement(By.tagName("h3")).getDomProperty("textContent"));

        // Up to all provinces through the breadcrumb, and the same in English.
        districts.findElement(By.cssSelector(".crumb[data-code='']")).click();
        WebElement provinces = new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-campaign='BBI'] .breakdown-province")));
        assertEquals("Banten", provinces.findElement(By.cssSelector("tr[data-key='36'] td")).getText());
        browser.findElement(By.id("lang-en")).click();
        assertEquals("By province",
                campaign("BBI").findElement(By.cssSelector(".breakdown-province h3")).getDomProperty("textContent"));
        campaign("BBI").findElement(By.cssSelector(".breakdown-province tr[data-key='36']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.attributeContains(
                By.cssSelector("[data-campaign='BBI'] .breakdown-regency h3"), "textContent", "By regency/city"));
        assertTrue(text("[data-campaign='BBI'] .breakdown-regency").contains("Kabupaten Lebak"));
        assertTrue(text("footer").contains("idn-area-data 4.0.1") && text("footer").contains("ODbL 1.0"));
    }

    @Test
    void theDataQualityPanelSaysWhatShareOfBantensFigureComesFromUmkmAboveTheirBand() throws IOException {
        io.restassured.path.json.JsonPath quality = given().get("/api/v1/campaigns/BBI/plausibility?year=2023")
                .then().statusCode(200).extract().jsonPath();
        String share = quality.getString("targets.find { it.name == 'Banten 2023' }.flaggedShare");
        assertTrue(new java.math.BigDecimal(share).signum() > 0, share);
        open();
        WebElement panel = campaign("BBI").findElement(By.className("quality"));
        assertEquals("Kualitas data", panel.findElement(By.tagName("h3")).getDomProperty("textContent"));
        assertEquals(share.replace('.', ',') + " % dari Rp 12 triliun berasal dari UMKM yang omzet tahunannya "
                + "melebihi batas skala usahanya (PP 7/2021).", panel.findElement(By.className("quality-share")).getText());
        assertTrue(panel.getText().contains("Banten 2023 · tahun 2023 (WIB)"), panel.getText());
        assertTrue(panel.findElement(By.className("quality-count")).getText()
                .startsWith(String.format(java.util.Locale.GERMANY, "%,d dari", quality.getInt("flaggedUmkmCount"))),
                panel.getText());
        assertTrue(panel.findElements(By.cssSelector(".quality-umkm tbody tr")).size() >= 1);

        browser.findElement(By.id("lang-en")).click();
        panel = campaign("BBI").findElement(By.className("quality"));
        assertEquals("Data quality", panel.findElement(By.tagName("h3")).getDomProperty("textContent"));
        assertEquals(share + " % of IDR 12 trillion comes from UMKM whose annual sales exceed the ceiling of their "
                + "business scale (PP 7/2021).", panel.findElement(By.className("quality-share")).getText());
        assertTrue(panel.getText().contains("Flags are for review, not refusals"), panel.getText());
        browser.findElement(By.id("lang-id")).click();
    }

    private void open() {
        browser.get(page.toString());
        waitForData();
    }

    private static void waitForData() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.and(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-campaign='BBWI'] .target")),
                ExpectedConditions.visibilityOfElementLocated(By.id("umkm"))));
    }

    private static WebElement campaign(String code) {
        return browser.findElement(By.cssSelector("[data-campaign='" + code + "']"));
    }

    private static WebElement target(String campaign, String name) {
        return campaign(campaign).findElements(By.className("target")).stream()
                .filter(t -> t.findElement(By.className("target-name")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no target '" + name + "' in " + campaign));
    }

    private static String stat(String name) {
        return browser.findElement(By.cssSelector("[data-stat='" + name + "'] .stat-value")).getText();
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static void screenshot(Path file) throws IOException {
        // The whole page, not just the window: resize to the document's height first.
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight");
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), height.intValue() + 140));
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(size);
    }
}
