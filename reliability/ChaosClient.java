import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partner system under chaos: posts single entries and batches with unique external refs and
 * retries every failure or timeout with the same ref and the same body until the ledger
 * acknowledges it, as a real partner would. Every ref is written to {@code attempted} before its
 * first send and to {@code acked} (with its amount) once acknowledged, so the chaos script can
 * compare what the clients were told with what the database holds.
 *
 * <p>Run with {@code java ChaosClient.java <baseUrl> <apiKey> <campaign> <umkmId> <name> <dir> <seed>};
 * it works until the file {@code <dir>/stop} exists, then finishes the request in hand and exits.
 * Exit status 0 when every request it started was acknowledged, 2 when the ledger refused one
 * outright (a 4xx other than 429, or a rejected batch item), 3 when it gave up retrying.
 */
public class ChaosClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(180);
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(CREATED|REPLAYED|REJECTED)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final String key;
    private final String campaign;
    private final String umkmId;
    private final String name;
    private final Path dir;
    private final Random random;
    private final PrintWriter attempted;
    private final PrintWriter acked;
    private final PrintWriter errors;
    private long retries;
    private long replayed;
    private int refused;

    ChaosClient(String[] args) throws IOException {
        base = args[0];
        key = args[1];
        campaign = args[2];
        umkmId = args[3];
        name = args[4];
        dir = Path.of(args[5]);
        random = new Random(Long.parseLong(args[6]));
        attempted = writer(name + ".attempted");
        acked = writer(name + ".acked");
        errors = writer(name + ".errors");
    }

    private PrintWriter writer(String file) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    }

    public static void main(String[] args) throws Exception {
        System.exit(new ChaosClient(args).run());
    }

    int run() throws InterruptedException {
        long singles = 0;
        long batches = 0;
        for (long unit = 0; !Files.exists(dir.resolve("stop")); unit++) {
            boolean ok;
            if (random.nextInt(3) == 0) {
                ok = batch(unit, 2 + random.nextInt(19));
                batches++;
            } else {
                ok = single(unit);
                singles++;
            }
            if (!ok) {
                return 3;
            }
        }
        // A replay is a request whose earlier attempt committed although its answer never arrived.
        System.out.printf("%s: %d singles, %d batches, %d retries, %d entries acknowledged as replays, %d refused%n",
                name, singles, batches, retries, replayed, refused);
        return refused > 0 ? 2 : 0;
    }

    private String ref(long unit, int item) {
        return name + "-" + unit + (item < 0 ? "" : "-" + item);
    }

    private String item(String ref, BigDecimal amount) {
        return "{\"externalRef\":\"" + ref + "\",\"campaign\":\"" + campaign + "\",\"umkmId\":\"" + umkmId
                + "\",\"amount\":\"" + amount.toPlainString() + "\",\"currency\":\"IDR\",\"channel\":\"QRIS\","
                + "\"occurredAt\":\"2024-03-" + String.format("%02d", 1 + random.nextInt(28)) + "T"
                + String.format("%02d", random.nextInt(24)) + ":15:00+07:00\"}";
    }

    private BigDecimal amount() {
        return BigDecimal.valueOf(1 + random.nextInt(50_000_000), 2);
    }

    private boolean single(long unit) throws InterruptedException {
        String ref = ref(unit, -1);
        BigDecimal amount = amount();
        String body = item(ref, amount);
        attempted.println(ref);
        HttpResponse<String> response = untilAnswered("/api/v1/transactions", body);
        if (response == null) {
            return false;
        }
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            replayed += response.statusCode() == 200 ? 1 : 0;
            acked.println(ref + "\t" + amount.toPlainString());
        } else {
            refuse(ref, response);
        }
        return true;
    }

    private boolean batch(long unit, int size) throws InterruptedException {
        List<String> refs = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < size; i++) {
            String ref = ref(unit, i);
            BigDecimal amount = amount();
            refs.add(ref);
            amounts.add(amount);
            body.append(i == 0 ? "" : ",").append(item(ref, amount));
        }
        body.append("]}");
        refs.forEach(attempted::println);
        HttpResponse<String> response = untilAnswered("/api/v1/transactions/batch", body.toString());
        if (response == null) {
            return false;
        }
        if (response.statusCode() != 200) {
            refuse(refs.get(0) + "..", response);
            return true;
        }
        Matcher m = STATUS.matcher(response.body());
        for (int i = 0; i < size; i++) {
            if (!m.find()) {
                refuse(refs.get(i), response);
            } else if (m.group(1).equals("REJECTED")) {
                refuse(refs.get(i), response);
            } else {
                replayed += m.group(1).equals("REPLAYED") ? 1 : 0;
                acked.println(refs.get(i) + "\t" + amounts.get(i).toPlainString());
            }
        }
        return true;
    }

    private void refuse(String ref, HttpResponse<String> response) {
        refused++;
        errors.println(ref + "\t" + response.statusCode() + "\t" + response.body());
    }

    /** The first answer that is not a failure worth retrying; null after retrying for too long. */
    private HttpResponse<String> untilAnswered(String path, String body) throws InterruptedException {
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        while (Instant.now().isBefore(giveUp)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 500 && status != 429) {
                    return response;
                }
            } catch (IOException e) {
                // Connection refused or reset while the service restarts, or a timeout: send it again.
            }
            retries++;
            Thread.sleep(100 + random.nextInt(200));
        }
        errors.println("gave up on " + path + " after " + GIVE_UP_AFTER + ": " + body);
        return null;
    }
}
