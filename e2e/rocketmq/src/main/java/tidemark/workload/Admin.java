package tidemark.workload;

import org.apache.rocketmq.tools.command.MQAdminStartup;

/**
 * Runs mqadmin ({@link MQAdminStartup#main0}) and exits as soon as the command returns.
 *
 * <p>Every mqadmin command ends with {@code DefaultMQAdminExt.shutdown()}, whose
 * {@code NettyRemotingClient.shutdown()} joins the "NettyEventExecutor" service thread. That
 * thread waits in {@code eventQueue.poll(3000 ms)} and only notices the stop flag when the
 * poll times out, so about every other call idles up to 3 s after printing its answer. A
 * daemon watcher interrupts that thread once the shutdown has begun (the poll then returns
 * and the loop ends normally). Output and behaviour of the command are unchanged.
 */
public final class Admin {
    private Admin() {
    }

    public static void main(String[] args) {
        Thread main = Thread.currentThread();
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                if (inRemotingShutdown(main)) {
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (t.getName().startsWith("NettyEventExecutor")) {
                            t.interrupt();
                        }
                    }
                }
            }
        }, "tm-admin-shutdown-watcher");
        watcher.setDaemon(true);
        watcher.start();
        int code = 0;
        try {
            MQAdminStartup.main0(args, null);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    private static boolean inRemotingShutdown(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("shutdown") && e.getClassName().endsWith("NettyRemotingClient")) {
                return true;
            }
        }
        return false;
    }
}
