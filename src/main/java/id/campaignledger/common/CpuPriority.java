package id.campaignledger.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of background work, so that it takes the processor when the requests
 * leave it idle and only its share by weight when they do not: at nice 10 a runnable thread weighs
 * about a tenth of one at 0 with the Linux scheduler, at 19 about a seventieth. Threads started by
 * a thread after it was lowered inherit its priority, so a worker that lowers itself first and then
 * creates its pools and clients takes them all along.
 *
 * <p>Linux lets a thread lower its own priority without privileges; the JDK has no call for it (its
 * thread priorities are not applied by default), so it is done with {@code renice} on the thread's
 * id, which Linux applies to that thread alone. Where that cannot be done (another OS, no {@code
 * renice}) the thread keeps its priority and {@link #lowerCurrentThread} says why.
 */
public final class CpuPriority {

    private CpuPriority() {
    }

    /**
     * Sets the calling thread's nice value to {@code nice} (1-19; 0 or less leaves it as it is).
     * Returns empty when it was done, or why it was not.
     */
    public static Optional<String> lowerCurrentThread(int nice) {
        if (nice <= 0) {
            return Optional.empty();
        }
        try {
            String thread = threadId();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(Math.min(nice, 19)), "-p", thread)
                    .redirectErrorStream(true).start();
            String said = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroy();
                return Optional.of("renice failed: " + said);
            }
            int now = currentNice();
            return now == Math.min(nice, 19) ? Optional.empty() : Optional.of("renice left the thread at nice " + now);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The calling thread's nice value, from {@code /proc/thread-self/stat}. */
    public static int currentNice() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
        // After the command name in parentheses (which may hold spaces): state is field 3, nice field 19.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    /** The calling thread's Linux id: {@code /proc/thread-self} links to {@code <pid>/task/<tid>}. */
    private static String threadId() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    }
}
