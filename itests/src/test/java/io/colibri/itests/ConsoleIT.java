package io.colibri.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PartCount;
import io.colibri.smsc.SmscSimulator;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16: the web console of the built distribution, in a real headless Chromium (Debian's
 * chromium and chromium-driver) driven by Selenium, as a customer and an operator use it: a wrong
 * password refused, a login, an SMS sent and seen DELIVERED, a CSV imported with its bad line
 * reported, a message to the group, a top-up by the operator and its invoice downloaded, a CONTACT
 * text approved. The live counter is checked against the domain on its table of texts. Each page
 * is kept as a screenshot under target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final String EMAIL = "mairie@colibri.test";
    static final Path SHOTS = Path.of("target/console-screenshots").toAbsolutePath();
    static final Path DOWNLOADS = Path.of("target/console-downloads").toAbsolutePath();
    static final Path TABLE = Path.of("../bundles/colibri-domain/src/test/resources/io/colibri/domain/part-counts.tsv");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static Distribution colibri;
    static SmscSimulator smsc;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static String password;
    static String operatorKey;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        colibri = new Distribution(work);
        colibri.sandbox();
        int smscPort = Distribution.freePort();
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(200));
        colibri.connectorTo(smscPort);
        colibri.start();
        password = colibri.account(EMAIL, 20);
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(colibri.client("colibri:apikey-create --operator guichet"));
        assertThat(key.find()).isTrue();
        operatorKey = key.group(1);
        base = "http://127.0.0.1:" + colibri.httpPort + "/console/";

        Files.createDirectories(SHOTS);
        Files.createDirectories(DOWNLOADS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--lang=fr-FR", "--no-first-run", "--disable-extensions");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", DOWNLOADS.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    static String chromium() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "/usr/bin/chromium-browser";
    }

    static String chromedriver() {
        return Files.isExecutable(Path.of("/usr/bin/chromedriver")) ? "/usr/bin/chromedriver" : "/usr/lib/chromium/chromedriver";
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (colibri != null) {
            colibri.close();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    @Order(1)
    void a_wrong_password_is_refused_and_the_right_one_opens_the_dashboard() throws Exception {
        browser.get(base);
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=email]")));
        assertThat(browser.findElement(By.cssSelector("label[for='" + email.getAttribute("id") + "']")).getText()).isEqualTo("Adresse e-mail");
        shot("login");
        logIn(EMAIL, "PasLeBon2027");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "incorrect"));
        assertThat(browser.getCurrentUrl()).doesNotContain("dashboard");
        logIn(EMAIL, password);
        wait.until(ExpectedConditions.textToBe(By.id("balance"), "20"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tableau de bord");
        assertThat(browser.manage().getCookieNamed("colibri_session").isHttpOnly()).isTrue();
        assertThat(browser.findElements(By.cssSelector(".chart svg line, .chart svg text"))).isNotEmpty();
        assertThat(browser.findElement(By.id("rate")).getText()).as("no message yet: no rate").isEqualTo("–");
        shot("dashboard");
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Tableau de bord"));
    }

    @Test
    @Order(2)
    void the_send_page_counts_live_then_the_sms_reaches_the_smsc_and_is_seen_delivered() throws Exception {
        go("#/send");
        WebElement to = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#send textarea[name=to]")));
        WebElement text = browser.findElement(By.cssSelector("#send textarea[name=text]"));
        to.sendKeys("0612345678");
        text.sendKeys("Réunion à 18h, 5 €");
        assertThat(counter()).containsEntry("encoding", "GSM7").containsEntry("parts", "1 SMS").containsEntry("units", "19 septets (GSM)");
        wait.until(ExpectedConditions.textToBe(By.id("credits"), "Coût : 1 crédits"));
        text.sendKeys(" ê");
        assertThat(counter()).containsEntry("encoding", "UCS2").containsEntry("units", "20 caractères UCS-2 (Unicode)");
        assertThat(browser.findElement(By.id("why")).getText()).contains("ê");
        shot("send-ucs2");
        browser.findElement(By.cssSelector("#send button[type=submit]")).click();
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#result a")));
        assertThat(browser.findElement(By.id("result")).getText()).contains("ACCEPTED").contains("80");
        String id = link.getText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text)
                .contains("Réunion à 18h, 5 € ê"));
        go("#/messages/" + id);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.navigate().refresh(); // the same address again: read the message afresh
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main dl"))).getText()).contains("DELIVERED");
        });
        shot("message");
        go("#/messages");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "DELIVERED"));
        shot("history");
    }

    @Test
    @Order(3)
    void the_live_counter_agrees_with_the_domain_on_its_table_of_texts() throws Exception {
        List<String> texts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String text = text(f[0]);
            PartCount java = PartCount.of(text);
            assertThat(java.encoding() + " " + java.units() + " " + java.parts()).as(f[0]).isEqualTo(f[1] + " " + f[2] + " " + f[3]);
            texts.add(text);
            expected.add(f[1] + " " + f[2] + " " + f[3]);
        }
        assertThat(texts).hasSizeGreaterThan(30);
        @SuppressWarnings("unchecked")
        List<String> counted = (List<String>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/sms.js').then(m => done(arguments[0].map(t => { const c = m.count(t); return c.encoding + ' ' + c.units + ' ' + c.parts; })))
                    .catch(e => done(['error ' + e]));
                """, texts);
        assertThat(counted).containsExactlyElementsOf(expected);
    }

    @Test
    @Order(4)
    void a_csv_with_a_bad_line_is_imported_with_its_report_and_the_group_receives_a_message() throws Exception {
        Path csv = work.resolve("parents.csv");
        Files.writeString(csv, "0622222201;Ana;Léa\n0622222202;Bob;Tom\npas-un-numero;Zoé;Max\n", StandardCharsets.UTF_8);
        go("#/groups");
        WebElement group = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import input[name=group]")));
        group.sendKeys("Parents");
        browser.findElement(By.cssSelector("#import input[type=file]")).sendKeys(csv.toString());
        browser.findElement(By.cssSelector("#import button[type=submit]")).click();
        WebElement report = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#report pre")));
        assertThat(report.getText()).contains("pas-un-numero").containsIgnoringCase("3");
        shot("groups-import");
        go("#/groups/Parents");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "+33622222202"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Ana").doesNotContain("pas-un-numero");
        shot("group");

        int before = smsc.received().size();
        go("#/send");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#send textarea[name=to]"))).sendKeys("Parents");
        browser.findElement(By.cssSelector("#send textarea[name=text]")).sendKeys("Bonjour, sortie demain pour [v1]");
        browser.findElement(By.cssSelector("#send button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "80"));
        // The campaign's page follows it live: its figures change without a reload.
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#result a.follow"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("camp-total")));
        assertThat(browser.findElement(By.id("camp-total")).getText()).isEqualTo("2");
        Object marker = browser.executeScript("return window.colibriMarker = Math.random();");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("camp-delivered"), "2"));
        assertThat(browser.executeScript("return window.colibriMarker;")).as("no reload").isEqualTo(marker);
        assertThat(browser.findElement(By.id("camp-rate")).getText()).isEqualTo("100 %");
        shot("campaign");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text).contains("Bonjour, sortie demain pour Léa", "Bonjour, sortie demain pour Tom"));
    }

    @Test
    @Order(5)
    void the_operator_tops_up_the_account_and_the_customer_downloads_the_invoice() throws Exception {
        logOut();
        browser.findElement(By.cssSelector("details summary")).click();
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login-key input")));
        key.sendKeys(operatorKey);
        browser.findElement(By.cssSelector("#login-key button")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Comptes"));
        WebElement search = browser.findElement(By.cssSelector("input[name=q]"));
        search.sendKeys("mairie@");
        search.submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), EMAIL));
        WebElement row = browser.findElements(By.cssSelector("main tbody tr")).stream().filter(r -> r.getText().contains(EMAIL)).findFirst()
                .orElseThrow();
        row.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Créditer")).findFirst().orElseThrow().click();
        WebElement credits = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#topup-form input[name=credits]")));
        credits.sendKeys("100");
        browser.findElement(By.cssSelector("#topup-form input[name=amount]")).sendKeys("5");
        browser.findElement(By.cssSelector("#topup-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Facture F"));
        Matcher invoice = Pattern.compile("Facture (F\\d{4}-\\d{6})").matcher(browser.findElement(By.id("toast")).getText());
        assertThat(invoice.find()).isTrue();
        shot("operator-accounts");
        go("#/op/connectors");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "mobile"));
        WebElement mobile = browser.findElements(By.cssSelector("main tbody tr")).stream().filter(r -> r.getText().startsWith("mobile"))
                .findFirst().orElseThrow();
        assertThat(mobile.findElements(By.tagName("td"))).extracting(WebElement::getText).contains("oui", "Started");
        shot("operator-connectors");

        logOut();
        logIn(EMAIL, password);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance")));
        go("#/invoices");
        WebElement download = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.download")));
        shot("invoices");
        download.click();
        Path pdf = DOWNLOADS.resolve(invoice.group(1) + ".pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pdf) && Files.size(pdf) > 500);
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("Facture " + invoice.group(1), EMAIL, "100 crédits");
        }
    }

    @Test
    @Order(6)
    void the_operator_approves_the_contact_text_the_customer_proposed() throws Exception {
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(colibri.client("colibri:apikey-create " + EMAIL));
        assertThat(key.find()).isTrue();
        HttpResponse<String> proposed = api("PUT", "/contact-text", key.group(1), "{\"text\": \"Mairie de Colibri, 01 23 45 67 89\"}");
        assertThat(proposed.statusCode()).as(proposed.body()).isLessThan(300);
        logOut();
        browser.findElement(By.cssSelector("details summary")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login-key input"))).sendKeys(operatorKey);
        browser.findElement(By.cssSelector("#login-key button")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Comptes"));
        go("#/op/contact-texts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "01 23 45 67 89"));
        shot("operator-contact-texts");
        browser.findElements(By.cssSelector("main tbody button")).stream().filter(b -> b.getText().equals("Approuver")).findFirst()
                .orElseThrow().click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Enregistré"));
        assertThat(api("GET", "/contact-text", key.group(1), null).body()).contains("\"approved\":\"Mairie de Colibri, 01 23 45 67 89\"")
                .doesNotContain("pending");
        go("#/op/messages?account=");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "sortie demain pour"));
        shot("operator-messages");
        go("#/op/dead-letters");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Lettres mortes (colibri.dead)"));
        assertThat(browser.findElements(By.cssSelector("[role=alert]"))).isEmpty();
        shot("operator-dead-letters");
    }

    @Test
    @Order(9)
    void every_page_is_shown_and_kept_as_a_screenshot_at_a_desktops_and_a_phones_width() throws Exception {
        logOut();
        logIn(EMAIL, password);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance")));
        for (String page : List.of("dashboard", "campaigns", "replies", "rules", "options", "subaccounts", "blacklist", "keys", "account")) {
            go("#/" + page);
            wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.tagName("main"), "Chargement…")));
            assertThat(browser.findElements(By.cssSelector("[role=alert]"))).as(page).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getText()).as(page).doesNotContain("null").doesNotContain("undefined")
                    .doesNotContain("[object").doesNotContain("NaN");
            shot(page);
        }
        browser.manage().window().setSize(new Dimension(390, 844));
        go("#/dashboard");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance")));
        shot("dashboard-phone");
        Long scroll = (Long) browser.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(scroll).as("no sideways scrolling at a phone's width").isLessThanOrEqualTo(0L);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    @Order(7)
    void the_history_is_exported_a_sub_account_gets_credit_an_option_changes_and_a_key_is_shown_once() throws Exception {
        logOut();
        logIn(EMAIL, password);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance")));
        go("#/messages");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "DELIVERED"));
        browser.findElement(By.id("export")).click();
        Path csv = DOWNLOADS.resolve("colibri-messages.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo("\uFEFFid;to;status;reason;parts;credits;acceptedAt;submittedAt;doneAt;text");
        assertThat(rows).anyMatch(r -> r.contains(";+33612345678;DELIVERED;") && r.endsWith(";Réunion à 18h, 5 € ê"));

        go("#/subaccounts");
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#subaccount input[name=email]")));
        email.sendKeys("ecole@colibri.test");
        browser.findElement(By.cssSelector("#subaccount input[name=name]")).sendKeys("École");
        browser.findElement(By.cssSelector("#subaccount button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "ecole@colibri.test"));
        browser.findElement(By.linkText("École")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#transfer input[name=credits]"))).sendKeys("7");
        browser.findElement(By.cssSelector("#transfer button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("sub-balance"), "7"));
        shot("subaccount");

        go("#/options");
        WebElement longSms = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#options input[name='long-sms']")));
        longSms.clear();
        longSms.sendKeys("peut-être");
        browser.findElement(By.cssSelector("#options button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeContains(By.id("toast"), "class", "bad"));
        longSms = browser.findElement(By.cssSelector("#options input[name='long-sms']"));
        longSms.clear();
        longSms.sendKeys("on");
        browser.findElement(By.cssSelector("#options button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Enregistré"));
        assertThat(colibri.client("colibri:account-show " + EMAIL)).contains("long-sms: on");

        go("#/keys");
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//main//button[.='Créer une clé']"))).click();
        String key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#newkey .newkey"))).getText();
        assertThat(key).matches("clb_[A-Za-z0-9_-]{43}");
        assertThat(api("GET", "/balance", key, null).statusCode()).isEqualTo(200);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main table")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(key.substring(0, 10)).doesNotContain(key);
    }

    @Test
    @Order(8)
    void a_forgotten_password_is_reset_through_the_mailed_link_and_the_keyboard_alone_logs_in() throws Exception {
        logOut();
        browser.findElement(By.cssSelector("a[href='#/forgot']")).click();
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main input[type=email]")));
        email.sendKeys(EMAIL, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "un lien lui a été envoyé"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> DistributionIT.inbox(colibri, EMAIL).stream().anyMatch(m -> m.contains("#reset=")));
        String mail = DistributionIT.inbox(colibri, EMAIL).stream().filter(m -> m.contains("#reset=")).findFirst().orElseThrow();
        Matcher link = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/console/#reset=[A-Za-z0-9_-]{43})").matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        browser.get(link.group(1));
        WebElement chosen = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main input[type=password]")));
        chosen.sendKeys("Nouveau2027mairie", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Mot de passe changé"));
        // The keyboard alone: type, Tab to the password, Enter.
        WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=email]")));
        login.click();
        login.sendKeys(EMAIL, Keys.TAB, "Nouveau2027mairie", Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance")));
        password = "Nouveau2027mairie";
        assertThat(colibri.get("/http.php?email=" + EMAIL + "&pass=Nouveau2027mairie&numero=0612345678&message=Nouveau").body()).isEqualTo("80");
    }

    static Map<String, String> counter() {
        Map<String, String> shown = new HashMap<>();
        for (String id : List.of("chars", "units", "parts", "encoding")) {
            shown.put(id, browser.findElement(By.id(id)).getText());
        }
        return shown;
    }

    static void logIn(String email, String pass) {
        WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=email]")));
        e.clear();
        e.sendKeys(email);
        WebElement p = browser.findElement(By.cssSelector("#login input[name=password]"));
        p.clear();
        p.sendKeys(pass);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    static void logOut() {
        WebElement out = browser.findElement(By.id("logout"));
        if (out.isDisplayed()) {
            out.click();
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=email]")));
    }

    static void go(String hash) {
        browser.get(base + hash);
    }

    static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    static String text(String spec) {
        StringBuilder text = new StringBuilder();
        for (String segment : spec.split(" \\+ ")) {
            int star = segment.indexOf('*');
            text.append(segment.substring(star + 1).repeat(Integer.parseInt(segment.substring(0, star))));
        }
        return text.toString();
    }

    static HttpResponse<String> api(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + colibri.httpPort + "/api/v1" + path))
                .header("Authorization", "Bearer " + key);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
