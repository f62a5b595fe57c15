package dev.cairn.devstack;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of every server process the devstack starts: runs the real server's {@code main} and halts
 * the process as soon as the parent (the launcher or the test JVM) is gone, even if the parent was killed
 * with SIGKILL and had no chance to stop its children. No process is left behind.
 *
 * <p>Usage: {@code Watchdog <parent-pid> <main-class> [args...]}
 */
public final class Watchdog {

    private Watchdog() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Watchdog <parent-pid> <main-class> [args...]");
        }
        long parentPid = Long.parseLong(args[0]);
        Thread watcher = new Thread(
                () -> {
                    ProcessHandle.of(parentPid)
                            .ifPresent(parent -> parent.onExit().join());
                    System.err.println("[cairn-devstack] parent process " + parentPid + " is gone; stopping");
                    Runtime.getRuntime().halt(0);
                },
                "cairn-devstack-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        try {
            Class.forName(args[1]).getMethod("main", String[].class).invoke(null, (Object)
                    Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
