package tidemark.workload;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.java.impl.Client;
import org.apache.rocketmq.client.java.message.MessageViewImpl;

/**
 * Tidemark gRPC workload: RocketMQ 5.x clients (rocketmq-client-java) talking to a rocketmq-proxy.
 *
 * <p>Runs on its own classpath (the workload classes plus the shaded rocketmq-client-java jar,
 * never the remoting client). Reuses {@link Workload}'s option parser and JSON-lines report, so
 * its records look like the remoting workload's: one JSON object per line, flushed per line.
 *
 * <p>Scenarios:
 * <ul>
 *   <li>{@code simple}: a SimpleConsumer. Each delivery is reported as {@code received} (with
 *   {@code deliveryAttempt}; {@code redelivered} is true from the second attempt on). A message
 *   whose {@code seq} (user property set by the {@code produce} scenario) is a multiple of
 *   {@code --skip-every} is left unacked on its first {@code --skip-times} deliveries
 *   ({@code unacked} record), so the broker makes it visible again after {@code --invisible-ms};
 *   every other delivery is acked ({@code acked} record).</li>
 *   <li>{@code grpc-push}: a 5.x PushConsumer; each message is reported as {@code consumed}. With
 *   {@code --fail-every N} a message whose seq is a multiple of N returns FAILURE on its first
 *   attempt (the client then retries it).</li>
 *   <li>{@code grpc-produce}: a 5.x Producer through the proxy ({@code sent} records).</li>
 * </ul>
 * Any scenario also runs an in-process gRPC producer when {@code --rate} > 0.
 */
public final class GrpcWorkload {

    static final String USAGE = String.join("\n",
        "usage: java tidemark.workload.GrpcWorkload --endpoints HOST:PORT --scenario NAME --topic T",
        "         [--group G] [--duration-ms N] [--report FILE] [options]",
        "scenarios: simple grpc-push grpc-produce",
        "options:",
        "  --rate N              msgs/s of an in-process gRPC producer (grpc-produce: default 20; others 0)",
        "  --count N             stop producing after N messages (0 = until the end of the run)",
        "  --key-prefix S        message keys are S-<seq>",
        "  --tag S               message tag (default: tm)",
        "  --invisible-ms N      simple: invisible duration of each receive (default 5000)",
        "  --batch N             simple: max messages per receive (default 16)",
        "  --long-polling-ms N   simple: long-polling await duration of a receive (default 2000)",
        "  --skip-every N        simple: leave seq % N == 0 unacked (default 4; 0 = ack everything)",
        "  --skip-times N        simple: ... on its first N deliveries, then ack (default 1)",
        "  --threads N           grpc-push: consumption threads (default 4)",
        "  --sleep-ms N          grpc-push: per-message processing time (default 0)",
        "  --fail-every N        grpc-push: FAILURE for seq % N == 0 on the first attempt (default 0 = never)",
        "  --request-timeout-ms N  client request timeout (default 5000)");

    final Workload.Opts opts;
    final Workload.Report report;
    final String scenario;
    final String endpoints;
    final String topic;
    final String group;
    final long durationMs;
    final long pid = ProcessHandle.current().pid();
    final ClientServiceProvider provider = ClientServiceProvider.loadService();
    final ClientConfiguration config;

    final CountDownLatch finished = new CountDownLatch(1);
    final CountDownLatch stopping = new CountDownLatch(1);
    final AtomicBoolean shutdownStarted = new AtomicBoolean(false);
    final CountDownLatch shutdownDone = new CountDownLatch(1);

    SimpleConsumer simpleConsumer;
    Thread receiveThread;
    PushConsumer pushConsumer;
    Producer producer;
    Thread producerThread;
    final List<String> clientIds = Collections.synchronizedList(new ArrayList<>());

    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong unacked = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong receiveErrors = new AtomicLong();
    final AtomicLong ackErrors = new AtomicLong();

    GrpcWorkload(Workload.Opts opts, Workload.Report report) {
        this.opts = opts;
        this.report = report;
        this.scenario = opts.req("scenario");
        this.endpoints = opts.req("endpoints");
        this.topic = opts.req("topic");
        this.group = opts.str("group", null);
        this.durationMs = opts.num("duration-ms", 60_000);
        if (durationMs <= 0) {
            throw new IllegalArgumentException("--duration-ms must be > 0");
        }
        this.config = ClientConfiguration.newBuilder()
            .setEndpoints(endpoints)
            .setRequestTimeout(Duration.ofMillis(opts.num("request-timeout-ms", 5000)))
            .build();
    }

    String requireGroup() {
        if (group == null) {
            throw new IllegalArgumentException("--group is required for scenario " + scenario);
        }
        return group;
    }

    static String clientIdOf(Object client) {
        return client instanceof Client ? ((Client) client).getClientId().toString() : null;
    }

    // ------------------------------------------------------------------ start

    void start() throws Exception {
        double defaultRate;
        switch (scenario) {
            case "grpc-produce":
                defaultRate = 20;
                break;
            case "simple":
            case "grpc-push":
                defaultRate = 0;
                break;
            default:
                throw new IllegalArgumentException("unknown scenario: " + scenario + "\n" + USAGE);
        }
        double rate = opts.dbl("rate", defaultRate);
        switch (scenario) {
            case "simple":
                startSimple();
                break;
            case "grpc-push":
                startPush();
                break;
            case "grpc-produce":
                if (rate <= 0) {
                    throw new IllegalArgumentException("--rate must be > 0 for grpc-produce");
                }
                break;
            default:
                throw new IllegalStateException(scenario);
        }
        if (rate > 0) {
            startProducer(rate);
        }
        report.event("ready", "scenario", scenario, "topic", topic, "group", group, "endpoints", endpoints,
            "clientIds", new ArrayList<>(clientIds), "rate", rate, "durationMs", durationMs, "pid", pid);
        System.out.println("ready: scenario=" + scenario + " topic=" + topic + " group=" + group
            + " clients=" + clientIds + " endpoints=" + endpoints);
    }

    /** Common fields of a delivered message: where it came from and how often it was delivered. */
    Map<String, Object> messageRecord(String type, String clientId, MessageView m) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", type);
        rec.put("scenario", scenario);
        rec.put("group", group);
        rec.put("clientId", clientId);
        rec.put("topic", m.getTopic());
        if (m instanceof MessageViewImpl) {
            MessageViewImpl impl = (MessageViewImpl) m;
            rec.put("brokerName", impl.getMessageQueue() != null ? impl.getMessageQueue().getBroker().getName() : null);
            rec.put("queueId", impl.getMessageQueue() != null ? impl.getMessageQueue().getQueueId() : null);
            rec.put("offset", impl.getOffset());
            putReceiptHandle(rec, impl.getReceiptHandle());
        }
        rec.put("key", m.getKeys().isEmpty() ? null : m.getKeys().iterator().next());
        rec.put("seq", seqOf(m));
        rec.put("msgId", m.getMessageId().toString());
        rec.put("deliveryAttempt", m.getDeliveryAttempt());
        rec.put("bornTimestamp", m.getBornTimestamp());
        return rec;
    }

    /**
     * The queue a message really came from. The client's MessageView queue is the queue it asked for
     * (a PushConsumer asks with queueId -1, "any queue of this broker"), while the proxy's receipt handle
     * (org.apache.rocketmq.common.consumer.ReceiptHandle, space-separated: startOffset retrieveTime
     * invisibleTime reviveQueueId topicType brokerName queueId offset [commitLogOffset]) names the
     * popped queue; topicType "0" is the topic itself, "1"/"2" its POP retry topic (V1/V2 naming).
     */
    static void putReceiptHandle(Map<String, Object> rec, String handle) {
        if (handle == null) {
            return;
        }
        String[] f = handle.split(" ");
        if (f.length < 8) {
            rec.put("receiptHandle", handle);
            return;
        }
        try {
            rec.put("handleTopicType", "0".equals(f[4]) ? "normal" : "1".equals(f[4]) || "2".equals(f[4]) ? "retry" : f[4]);
            rec.put("handleBroker", f[5]);
            rec.put("handleQueueId", Integer.parseInt(f[6]));
            rec.put("handleOffset", Long.parseLong(f[7]));
            rec.put("popTime", Long.parseLong(f[1]));
            rec.put("handleInvisibleMs", Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
            rec.put("receiptHandle", handle);
        }
    }

    static Long seqOf(MessageView m) {
        String s = m.getProperties().get("seq");
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when this delivery of m must be left unacked (seq % skipEvery == 0, first skipTimes deliveries). */
    static boolean leaveUnacked(MessageView m, long skipEvery, long skipTimes) {
        Long seq = seqOf(m);
        long n = seq != null ? seq : Math.abs((long) m.getMessageId().toString().hashCode());
        return skipEvery > 0 && n % skipEvery == 0 && m.getDeliveryAttempt() <= skipTimes;
    }

    void startSimple() throws Exception {
        String g = requireGroup();
        Duration invisible = Duration.ofMillis(opts.num("invisible-ms", 5000));
        int batch = (int) opts.num("batch", 16);
        long skipEvery = opts.num("skip-every", 4);
        long skipTimes = opts.num("skip-times", 1);
        SimpleConsumer c = provider.newSimpleConsumerBuilder()
            .setClientConfiguration(config)
            .setConsumerGroup(g)
            .setAwaitDuration(Duration.ofMillis(opts.num("long-polling-ms", 2000)))
            .setSubscriptionExpressions(Collections.singletonMap(topic, FilterExpression.SUB_ALL))
            .build();
        simpleConsumer = c;
        String clientId = clientIdOf(c);
        clientIds.add(clientId);
        receiveThread = new Thread(() -> {
            while (stopping.getCount() > 0) {
                List<MessageView> msgs;
                try {
                    msgs = c.receive(batch, invisible);
                } catch (Throwable t) {
                    if (stopping.getCount() == 0) {
                        break;
                    }
                    receiveErrors.incrementAndGet();
                    report.event("receive-error", "group", g, "error", t.toString());
                    pause(500);
                    continue;
                }
                for (MessageView m : msgs) {
                    received.incrementAndGet();
                    boolean again = m.getDeliveryAttempt() > 1;
                    if (again) {
                        redelivered.incrementAndGet();
                    }
                    Map<String, Object> rec = messageRecord("received", clientId, m);
                    rec.put("redelivered", again);
                    rec.put("invisibleMs", invisible.toMillis());
                    rec.put("ts", System.currentTimeMillis());
                    report.write(rec);
                    if (leaveUnacked(m, skipEvery, skipTimes)) {
                        unacked.incrementAndGet();
                        Map<String, Object> u = messageRecord("unacked", clientId, m);
                        u.put("invisibleUntil", System.currentTimeMillis() + invisible.toMillis());
                        u.put("ts", System.currentTimeMillis());
                        report.write(u);
                        continue;
                    }
                    try {
                        c.ack(m);
                        acked.incrementAndGet();
                        Map<String, Object> a = messageRecord("acked", clientId, m);
                        a.put("ts", System.currentTimeMillis());
                        report.write(a);
                    } catch (Throwable t) {
                        ackErrors.incrementAndGet();
                        Map<String, Object> e = messageRecord("ack-error", clientId, m);
                        e.put("error", t.toString());
                        e.put("ts", System.currentTimeMillis());
                        report.write(e);
                    }
                }
            }
        }, "tm-simple-receive");
        receiveThread.start();
        System.out.println("simple consumer started: group=" + g + " clientId=" + clientId + " invisible=" + invisible
            + " skipEvery=" + skipEvery + " skipTimes=" + skipTimes);
    }

    void startPush() throws Exception {
        String g = requireGroup();
        long sleepMs = opts.num("sleep-ms", 0);
        long failEvery = opts.num("fail-every", 0);
        final String[] clientId = new String[1];
        PushConsumer c = provider.newPushConsumerBuilder()
            .setClientConfiguration(config)
            .setConsumerGroup(g)
            .setConsumptionThreadCount((int) opts.num("threads", 4))
            .setSubscriptionExpressions(Collections.singletonMap(topic, FilterExpression.SUB_ALL))
            .setMessageListener(m -> {
                pause(sleepMs);
                Long seq = seqOf(m);
                boolean fail = failEvery > 0 && seq != null && seq % failEvery == 0 && m.getDeliveryAttempt() <= 1;
                Map<String, Object> rec = messageRecord(fail ? "failed" : "consumed", clientId[0], m);
                rec.put("reconsumeTimes", m.getDeliveryAttempt() - 1);
                rec.put("ts", System.currentTimeMillis());
                report.write(rec);
                if (fail) {
                    failed.incrementAndGet();
                    return ConsumeResult.FAILURE;
                }
                consumed.incrementAndGet();
                return ConsumeResult.SUCCESS;
            })
            .build();
        pushConsumer = c;
        clientId[0] = clientIdOf(c);
        clientIds.add(clientId[0]);
        System.out.println("gRPC push consumer started: group=" + g + " clientId=" + clientId[0]);
    }

    void startProducer(double rate) throws Exception {
        Producer p = provider.newProducerBuilder().setClientConfiguration(config).setTopics(topic).build();
        producer = p;
        clientIds.add(clientIdOf(p));
        long count = opts.num("count", 0);
        String keyPrefix = opts.str("key-prefix", "g" + Long.toString(System.currentTimeMillis(), 36));
        String tag = opts.str("tag", "tm");
        producerThread = new Thread(() -> {
            long start = System.nanoTime();
            for (long seq = 0; count <= 0 || seq < count; seq++) {
                long waitNs = start + (long) (seq * 1e9 / rate) - System.nanoTime();
                try {
                    if (waitNs > 0 && stopping.await(waitNs, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    break;
                }
                if (stopping.getCount() == 0) {
                    break;
                }
                String key = keyPrefix + "-" + seq;
                String body = "{\"seq\":" + seq + ",\"key\":\"" + key + "\",\"sentAt\":" + System.currentTimeMillis() + "}";
                Message msg = provider.newMessageBuilder().setTopic(topic).setTag(tag).setKeys(key)
                    .addProperty("seq", Long.toString(seq)).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
                try {
                    SendReceipt r = p.send(msg);
                    sent.incrementAndGet();
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("type", "sent");
                    rec.put("topic", topic);
                    rec.put("key", key);
                    rec.put("seq", seq);
                    rec.put("msgId", r.getMessageId().toString());
                    rec.put("status", "SEND_OK");
                    rec.put("via", "grpc");
                    rec.put("ts", System.currentTimeMillis());
                    report.write(rec);
                } catch (Throwable t) {
                    if (stopping.getCount() == 0) {
                        break;
                    }
                    sendErrors.incrementAndGet();
                    report.event("send-error", "topic", topic, "key", key, "seq", seq, "error", t.toString());
                }
            }
            if (stopping.getCount() > 0 && scenario.equals("grpc-produce")) {
                finished.countDown();
            }
        }, "tm-grpc-producer");
        producerThread.start();
        System.out.println("gRPC producer started: topic=" + topic + " rate=" + rate + "/s");
    }

    void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ stop

    void shutdown(String reason) {
        if (!shutdownStarted.compareAndSet(false, true)) {
            try {
                shutdownDone.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            System.out.println("shutting down (" + reason + ")");
            stopping.countDown();
            if (producerThread != null) {
                joinQuietly(producerThread, 10_000);
            }
            if (receiveThread != null) {
                // a receive in flight returns after its await duration
                joinQuietly(receiveThread, 15_000);
            }
            closeQuietly(producer, "producer");
            closeQuietly(simpleConsumer, "simple");
            closeQuietly(pushConsumer, "push");
            report.event("stopped", "reason", reason, "scenario", scenario, "sent", sent.get(), "sendErrors", sendErrors.get(),
                "received", received.get(), "redelivered", redelivered.get(), "acked", acked.get(), "unacked", unacked.get(),
                "consumed", consumed.get(), "failed", failed.get(), "receiveErrors", receiveErrors.get(), "ackErrors", ackErrors.get());
            System.out.println("stopped (" + reason + "): sent=" + sent.get() + " received=" + received.get() + " acked=" + acked.get()
                + " unacked=" + unacked.get() + " redelivered=" + redelivered.get() + " consumed=" + consumed.get());
        } catch (Throwable t) {
            System.err.println("shutdown failed: " + t);
        } finally {
            report.close();
            shutdownDone.countDown();
        }
    }

    /** Not Workload.joinQuietly: using Workload itself would load the remoting client's classes. */
    static void joinQuietly(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    void closeQuietly(java.io.Closeable c, String what) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException t) {
            report.event("error", "where", "close-" + what, "error", t.toString());
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) {
        GrpcWorkload w;
        Workload.Report report;
        try {
            Workload.Opts opts = Workload.Opts.parse(args);
            report = new Workload.Report(opts.str("report", null));
            w = new GrpcWorkload(opts, report);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("grpc workload: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        final GrpcWorkload wl = w;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> wl.shutdown("signal"), "tm-shutdown-hook"));
        try {
            w.start();
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            report.event("error", "where", "start", "error", t.toString());
            System.err.println("grpc workload failed to start: " + sw);
            w.shutdown("start failed");
            System.exit(2);
            return;
        }
        boolean early;
        try {
            early = w.finished.await(w.durationMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            early = false;
        }
        w.shutdown(early ? "finished" : "duration elapsed");
        System.out.println("uptime " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        System.exit(w.sendErrors.get() > 0 ? 3 : 0);
    }
}
