package id.campaignledger.partner;

import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A caller without a key gets 401, and one whose key lacks the role gets 403, before the service
 * reads or parses any of the body: the request's body is left unfinished (a declared length never
 * sent, or a chunked body that never ends), and malformed besides, yet the answer comes. Were the
 * body read first, there would be no answer until the connection's idle timeout (40 s), which is
 * longer than this test waits; were it parsed, the answer would be 400.
 *
 * <p>A declared Content-Length over the body limit is the one thing checked earlier (413, see
 * docs/architecture.md): that too is decided from the header alone, with nothing of the body read.
 */
@QuarkusTest
class AccessBeforeBodyTest {

    private static final int WAIT_MILLIS = 20_000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void noKeyIsUnauthorisedBeforeADeclaredBodyArrives() throws IOException {
        assertEquals(401, unfinishedBody("POST", "/api/v1/transactions", null, false));
        assertEquals(401, unfinishedBody("POST", "/api/v1/campaigns", null, false));
        assertEquals(401, unfinishedBody("POST", "/api/v1/transactions/import", null, false));
    }

    @Test
    void noKeyIsUnauthorisedWhileAnEndlessChunkedBodyIsStillComing() throws IOException {
        assertEquals(401, unfinishedBody("POST", "/api/v1/transactions/batch", null, true));
    }

    @Test
    void aKeyWithoutTheRoleIsForbiddenBeforeTheBodyArrives() throws IOException {
        String viewer = newPartnerKey("VIEWER");
        assertEquals(403, unfinishedBody("POST", "/api/v1/campaigns", viewer, false));
        assertEquals(403, unfinishedBody("POST", "/api/v1/transactions", viewer, false));
        assertEquals(403, unfinishedBody("POST", "/api/v1/partners", viewer, true));
    }

    /**
     * Sends the head of a write and a few malformed bytes of its body, keeps the connection open
     * without sending the rest, and returns the status of the answer that arrives meanwhile.
     */
    private int unfinishedBody(String method, String path, String key, boolean chunked) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(WAIT_MILLIS);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(base.getPort()).append("\r\n")
                    .append("Content-Type: ").append(path.endsWith("/import") ? "text/csv" : "application/json")
                    .append("\r\n");
            if (key != null) {
                head.append("Authorization: Bearer ").append(key).append("\r\n");
            }
            // Within the body limit (1 MiB), so that only the caller can be what is refused.
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 900000\r\n").append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] malformed = "{\"items\": [{,,, not json".getBytes(StandardCharsets.US_ASCII);
            if (chunked) {
                out.write((Integer.toHexString(malformed.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(malformed);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(malformed);
            }
            out.flush();
            String statusLine = statusLine(socket.getInputStream());
            assertTrue(statusLine.startsWith("HTTP/1.1 "), statusLine);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** The first line of the answer; a read that times out fails the test (the body was waited for). */
    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }
}
