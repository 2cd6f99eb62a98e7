package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test as the operating system sees it: CPU time and resident memory from /proc (and the
 * generator's own JVM, for its compilers).
 */
public final class ServerProcess {

    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern G1_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern COMPILATION_TICKS = Pattern.compile("java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern TICKS_PER_SECOND_COUNTER = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)");

    private final long pid;

    public ServerProcess(long pid) {
        this.pid = pid;
    }

    /** This JVM, the generator. */
    public static ServerProcess current() {
        return new ServerProcess(ProcessHandle.current().pid());
    }

    public boolean known() {
        return pid > 0 && Files.exists(Path.of("/proc/" + pid));
    }

    /** User plus system CPU time so far, in milliseconds. */
    public long cpuMillis() {
        if (!known()) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Time a HotSpot JVM's JIT compilers have spent so far, in milliseconds, from its performance counters
     * ({@code java.ci.totalTime}, in ticks of {@code sun.os.hrt.frequency}); -1 where there is no JVM.
     */
    public long compilationMillis() {
        if (!isJava()) {
            return -1;
        }
        try {
            String counters = jcmd("PerfCounter.print");
            Matcher total = COMPILATION_TICKS.matcher(counters);
            Matcher frequency = TICKS_PER_SECOND_COUNTER.matcher(counters);
            if (!total.find() || !frequency.find()) {
                return -1;
            }
            return Long.parseLong(total.group(1)) * 1000 / Long.parseLong(frequency.group(1));
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    public long rssBytes() {
        if (!known()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** Heap in use after a full collection, for a JVM server (jcmd); -1 where there is none. */
    public long heapUsedAfterGc() {
        if (!isJava()) {
            return -1; // jcmd attaches with SIGQUIT, which ends a process that is not a JVM
        }
        try {
            jcmd("GC.run");
            Matcher used = G1_USED.matcher(jcmd("GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private boolean isJava() {
        if (!known()) {
            return false;
        }
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")[0].endsWith("java");
        } catch (IOException e) {
            return false;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(List.of(jcmd, String.valueOf(pid), command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }
}
