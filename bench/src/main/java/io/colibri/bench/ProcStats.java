package io.colibri.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What Linux says about CPU and memory (/proc), read without any tool. */
final class ProcStats {
    private ProcStats() {
    }

    /** The machine's CPU time in clock ticks since boot: busy (user, nice, system, irq, softirq, steal), iowait, idle. */
    record Machine(long busy, long iowait, long idle) {
        Machine minus(Machine o) {
            return new Machine(busy - o.busy, iowait - o.iowait, idle - o.idle);
        }

        long total() {
            return busy + iowait + idle;
        }
    }

    static Machine machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = l(f[1]), nice = l(f[2]), system = l(f[3]), idle = l(f[4]), iowait = l(f[5]), irq = l(f[6]), softirq = l(f[7]);
            long steal = f.length > 8 ? l(f[8]) : 0;
            return new Machine(user + nice + system + irq + softirq + steal, iowait, idle);
        } catch (IOException e) {
            return new Machine(0, 0, 0);
        }
    }

    /** CPU time (user + system) of a process, in clock ticks; 0 when it is gone. */
    static long processTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return l(f[11]) + l(f[12]); // utime, stime: fields 14 and 15 of stat, counted after "pid (comm) "
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time (user + system) of a process's children that ended and were waited for (wrk), in clock ticks. */
    static long childrenTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return l(f[13]) + l(f[14]); // cutime, cstime: fields 16 and 17
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A line of /proc/PID/status in kB (VmRSS, VmHWM), -1 when the process is gone. */
    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return l(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Clock ticks a second (USER_HZ); 100 on every Linux this runs on. */
    static final double HZ = 100.0;

    static long sumTicks(List<Long> pids) {
        long t = 0;
        for (long p : pids) {
            t += processTicks(p);
        }
        return t;
    }

    static List<Long> list(long... pids) {
        List<Long> l = new ArrayList<>();
        for (long p : pids) {
            l.add(p);
        }
        return l;
    }

    private static long l(String s) {
        return Long.parseLong(s.trim());
    }
}
