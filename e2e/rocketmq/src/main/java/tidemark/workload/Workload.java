package tidemark.workload;

import java.io.BufferedWriter;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Tidemark workload: real RocketMQ producers and consumers driven by named scenarios.
 *
 * <p>Compiles against rocketmq-client 4.9.8 and 5.3.3: only APIs present in both are used
 * (MessageModel moved packages between the two lines, so it is set reflectively).
 *
 * <p>Every message sent and every message consumed is written as one JSON line to the
 * {@code --report} file (flushed per line). Lifecycle events ("ready", "stuck",
 * "consumer-stopped", "stopped", "error") go to the same file.
 *
 * <p>The run stops by itself after {@code --duration-ms}; SIGTERM (or SIGINT) shuts every
 * consumer down cleanly so its offsets are persisted to the broker.
 */
public final class Workload {

    static final String USAGE = String.join("\n",
        "usage: java tidemark.workload.Workload --namesrv HOST:PORT --scenario NAME --topic T",
        "         [--group G] [--duration-ms N] [--report FILE] [options]",
        "scenarios: produce consume-healthy consume-slow consume-stuck broadcast orderly",
        "           offline-backlog litepull",
        "options:",
        "  --rate N              messages/s of an in-process producer (produce: default 20;",
        "                        offline-backlog: default 20; other scenarios: default 0 = none)",
        "  --count N             stop producing after N messages (0 = until the end of the run)",
        "  --key-prefix S        message keys are S-<seq> (default: k<start time base36>)",
        "  --tag S               message tag (default: tm)",
        "  --body-bytes N        pad message bodies to about N bytes (default 0)",
        "  --producer-group S    (default: tm-producer-<pid>)",
        "  --instance S          client instanceName prefix (default: <scenario>-<pid>)",
        "  --from first|last     ConsumeFromWhere for a group with no committed offset (default first)",
        "  --threads N           consume threads (default 4; consume-slow: 1)",
        "  --sleep-ms N          per-message processing time (default 0; consume-slow: 200)",
        "  --clients N           broadcast: number of consumer instances (default 2)",
        "  --stuck-queue N       consume-stuck: queue id of the stuck message (default 0)",
        "  --stuck-broker S      consume-stuck: broker of the stuck queue (default: first one seen)",
        "  --stuck-offset N      consume-stuck: first message on that queue with offset >= N (default 0)",
        "  --stuck-ms N          consume-stuck: how long it is stuck (default: until shutdown)",
        "  --consume-ms N        offline-backlog: consume this long, then shut the consumer down",
        "                        (default: half of --duration-ms)",
        "  --persist-ms N        client persistConsumerOffsetInterval (default 5000)",
        "  --consume-timeout-min N  push consumer consumeTimeout (default 60)",
        "  --await-ms N          awaitTerminationMillisWhenShutdown (default 3000; consume-stuck: 0)",
        "  --poll-ms N           litepull poll timeout (default 1000)",
        "  --client-rebalance B  push consumers (5.x client only): false = server-side assignment, which",
        "                        pops when the group is set to POP (mqadmin setConsumeMode ... -m POP)");

    // ------------------------------------------------------------------ options

    static final class Opts {
        final Map<String, String> raw = new HashMap<>();

        static Opts parse(String[] args) {
            Opts o = new Opts();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument: " + a);
                }
                String k = a.substring(2);
                String v;
                int eq = k.indexOf('=');
                if (eq >= 0) {
                    v = k.substring(eq + 1);
                    k = k.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for --" + k);
                    }
                    v = args[++i];
                }
                o.raw.put(k, v);
            }
            return o;
        }

        String str(String k, String def) {
            String v = raw.get(k);
            return v == null || v.isEmpty() ? def : v;
        }

        String req(String k) {
            String v = raw.get(k);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("--" + k + " is required");
            }
            return v;
        }

        long num(String k, long def) {
            String v = raw.get(k);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + k + " must be an integer, got " + v);
            }
        }

        double dbl(String k, double def) {
            String v = raw.get(k);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + k + " must be a number, got " + v);
            }
        }
    }

    // ------------------------------------------------------------------ report

    /** JSON-lines writer; one line per record, flushed at once. */
    static final class Report {
        private final BufferedWriter out;

        Report(String path) throws IOException {
            if (path == null) {
                out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            } else {
                File f = new File(path);
                File parent = f.getAbsoluteFile().getParentFile();
                if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
                    throw new IOException("cannot create " + parent);
                }
                out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(f, true), StandardCharsets.UTF_8));
            }
        }

        synchronized void write(Map<String, Object> rec) {
            try {
                out.write(Json.encode(rec));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                System.err.println("report write failed: " + e);
            }
        }

        void event(String type, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            for (int i = 0; i + 1 < kv.length; i += 2) {
                m.put(String.valueOf(kv[i]), kv[i + 1]);
            }
            m.put("ts", System.currentTimeMillis());
            write(m);
        }

        synchronized void close() {
            try {
                out.flush();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    static final class Json {
        static String encode(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String) {
                str(sb, (String) v);
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v instanceof Map) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    str(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (v instanceof Collection) {
                sb.append('[');
                boolean first = true;
                for (Object o : (Collection<?>) v) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            } else {
                str(sb, v.toString());
            }
        }

        private static void str(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\t': sb.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                }
            }
            sb.append('"');
        }
    }

    // ------------------------------------------------------------------ state

    final Opts opts;
    final Report report;
    final String scenario;
    final String namesrv;
    final String topic;
    final String group;
    final long durationMs;
    final long pid = ProcessHandle.current().pid();

    /** Counted down when the scenario has finished on its own (e.g. produce --count N). */
    final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down when shutdown starts: wakes sleeping producers and stuck handlers. */
    final CountDownLatch stopping = new CountDownLatch(1);
    final AtomicBoolean shutdownStarted = new AtomicBoolean(false);
    final CountDownLatch shutdownDone = new CountDownLatch(1);

    final List<DefaultMQPushConsumer> pushConsumers = new ArrayList<>();
    final List<String> clientIds = new ArrayList<>();
    DefaultLitePullConsumer litePull;
    Thread litePullThread;
    DefaultMQProducer producer;
    Thread producerThread;
    Thread offlineTimer;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    // consume-stuck
    final AtomicBoolean stuckChosen = new AtomicBoolean(false);
    final CountDownLatch stuckRelease = new CountDownLatch(1);

    Workload(Opts opts, Report report) {
        this.opts = opts;
        this.report = report;
        this.scenario = opts.req("scenario");
        this.namesrv = opts.req("namesrv");
        this.topic = opts.req("topic");
        this.group = opts.str("group", null);
        this.durationMs = opts.num("duration-ms", 60_000);
        if (durationMs <= 0) {
            throw new IllegalArgumentException("--duration-ms must be > 0");
        }
    }

    String instance(String suffix) {
        return opts.str("instance", scenario + "-" + pid) + suffix;
    }

    String requireGroup() {
        if (group == null) {
            throw new IllegalArgumentException("--group is required for scenario " + scenario);
        }
        return group;
    }

    // ------------------------------------------------------------------ start

    void start() throws Exception {
        double defaultRate;
        switch (scenario) {
            case "produce":
            case "offline-backlog":
                defaultRate = 20;
                break;
            case "consume-healthy":
            case "consume-slow":
            case "consume-stuck":
            case "broadcast":
            case "orderly":
            case "litepull":
                defaultRate = 0;
                break;
            default:
                throw new IllegalArgumentException("unknown scenario: " + scenario + "\n" + USAGE);
        }
        double rate = opts.dbl("rate", defaultRate);

        switch (scenario) {
            case "produce":
                if (rate <= 0) {
                    throw new IllegalArgumentException("--rate must be > 0 for produce");
                }
                break;
            case "consume-healthy":
                startPush(false, "", "CLUSTERING", (int) opts.num("threads", 4), opts.num("sleep-ms", 0));
                break;
            case "consume-slow":
                startPush(false, "", "CLUSTERING", (int) opts.num("threads", 1), opts.num("sleep-ms", 200));
                break;
            case "consume-stuck":
                startPush(false, "", "CLUSTERING", (int) opts.num("threads", 4), opts.num("sleep-ms", 0));
                break;
            case "broadcast": {
                int n = (int) opts.num("clients", 2);
                for (int i = 1; i <= n; i++) {
                    startPush(false, "-bc" + i, "BROADCASTING", (int) opts.num("threads", 4), opts.num("sleep-ms", 0));
                }
                break;
            }
            case "orderly":
                startPush(true, "", "CLUSTERING", (int) opts.num("threads", 4), opts.num("sleep-ms", 0));
                break;
            case "offline-backlog": {
                startPush(false, "", "CLUSTERING", (int) opts.num("threads", 4), opts.num("sleep-ms", 0));
                long consumeMs = opts.num("consume-ms", durationMs / 2);
                offlineTimer = new Thread(() -> {
                    try {
                        if (stopping.await(consumeMs, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<String> ids = new ArrayList<>();
                    synchronized (pushConsumers) {
                        for (DefaultMQPushConsumer c : pushConsumers) {
                            ids.add(c.buildMQClientId());
                            c.shutdown();
                        }
                        pushConsumers.clear();
                    }
                    report.event("consumer-stopped", "group", group, "clientIds", ids, "consumed", consumed.get());
                    System.out.println("offline-backlog: consumer of " + group + " shut down after " + consumeMs + " ms");
                }, "tm-offline-timer");
                offlineTimer.setDaemon(true);
                break;
            }
            case "litepull":
                startLitePull();
                break;
            default:
                throw new IllegalStateException(scenario);
        }

        if (rate > 0) {
            startProducer(rate);
        }
        if (offlineTimer != null) {
            offlineTimer.start();
        }
        report.event("ready", "scenario", scenario, "topic", topic, "group", group,
            "clientIds", new ArrayList<>(clientIds), "rate", rate, "durationMs", durationMs, "pid", pid);
        System.out.println("ready: scenario=" + scenario + " topic=" + topic + " group=" + group
            + " clients=" + clientIds + " rate=" + rate + " duration=" + durationMs + "ms");
    }

    void setMessageModel(Object consumer, String model) throws Exception {
        for (Method m : consumer.getClass().getMethods()) {
            if (m.getName().equals("setMessageModel") && m.getParameterCount() == 1 && m.getParameterTypes()[0].isEnum()) {
                Object value = null;
                for (Object c : m.getParameterTypes()[0].getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(model)) {
                        value = c;
                    }
                }
                if (value == null) {
                    throw new IllegalStateException("no MessageModel." + model);
                }
                m.invoke(consumer, value);
                return;
            }
        }
        throw new IllegalStateException("setMessageModel not found on " + consumer.getClass());
    }

    /**
     * DefaultMQPushConsumer.setClientRebalance exists only in the 5.x client (set reflectively so the
     * workload still compiles against 4.9.8). With false the client asks the broker for its queues
     * (QUERY_ASSIGNMENT) and pops instead of pulling when the broker says the group is in POP mode.
     */
    void setClientRebalance(Object consumer, boolean value) throws Exception {
        try {
            consumer.getClass().getMethod("setClientRebalance", boolean.class).invoke(consumer, value);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--client-rebalance needs the 5.x client (this is " + consumer.getClass() + ")");
        }
    }

    ConsumeFromWhere fromWhere() {
        String from = opts.str("from", "first");
        switch (from) {
            case "first": return ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET;
            case "last": return ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
            default: throw new IllegalArgumentException("--from must be first or last, got " + from);
        }
    }

    void startPush(boolean orderly, String instanceSuffix, String model, int threads, long sleepMs) throws Exception {
        String g = requireGroup();
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(g);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance(instanceSuffix));
        setMessageModel(c, model);
        c.subscribe(topic, "*");
        c.setConsumeFromWhere(fromWhere());
        c.setConsumeThreadMax(Math.max(1, threads));
        c.setConsumeThreadMin(Math.max(1, threads));
        c.setConsumeMessageBatchMaxSize(1);
        c.setPersistConsumerOffsetInterval((int) opts.num("persist-ms", 5000));
        c.setConsumeTimeout(opts.num("consume-timeout-min", 60));
        c.setAwaitTerminationMillisWhenShutdown(opts.num("await-ms", scenario.equals("consume-stuck") ? 0 : 3000));
        String clientRebalance = opts.str("client-rebalance", null);
        if (clientRebalance != null) {
            setClientRebalance(c, Boolean.parseBoolean(clientRebalance));
        }
        final String[] clientId = new String[1];
        if (orderly) {
            c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    pause(sleepMs);
                    recordConsumed(g, clientId[0], ctx.getMessageQueue(), m);
                }
                return ConsumeOrderlyStatus.SUCCESS;
            });
        } else {
            c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    if (scenario.equals("consume-stuck") && maybeGetStuck(g, clientId[0], ctx, m)) {
                        // released only at shutdown (or after --stuck-ms); the result is then ignored
                        // by the client because the process queue has been dropped.
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    pause(sleepMs);
                    recordConsumed(g, clientId[0], ctx.getMessageQueue(), m);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }
        c.start();
        clientId[0] = c.buildMQClientId();
        synchronized (pushConsumers) {
            pushConsumers.add(c);
        }
        clientIds.add(clientId[0]);
        System.out.println("push consumer started: group=" + g + " clientId=" + clientId[0] + " model=" + model
            + (orderly ? " orderly" : " concurrently") + " threads=" + threads + " sleepMs=" + sleepMs);
    }

    boolean maybeGetStuck(String g, String clientId, ConsumeConcurrentlyContext ctx, MessageExt m) {
        MessageQueue mq = ctx.getMessageQueue();
        int queue = (int) opts.num("stuck-queue", 0);
        String broker = opts.str("stuck-broker", null);
        long minOffset = opts.num("stuck-offset", 0);
        if (mq.getQueueId() != queue || (broker != null && !broker.equals(mq.getBrokerName()))
            || m.getQueueOffset() < minOffset || stuckChosen.get()) {
            return false;
        }
        if (!stuckChosen.compareAndSet(false, true)) {
            return false;
        }
        report.event("stuck", "group", g, "clientId", clientId, "topic", m.getTopic(), "brokerName", mq.getBrokerName(),
            "queueId", mq.getQueueId(), "offset", m.getQueueOffset(), "key", m.getKeys());
        System.out.println("stuck on " + mq.getBrokerName() + "/" + mq.getQueueId() + " offset " + m.getQueueOffset());
        long stuckMs = opts.num("stuck-ms", Long.MAX_VALUE);
        long deadline = stuckMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + stuckMs;
        // Interrupts are ignored on purpose: shutdown() with awaitTermination 0 interrupts the consume threads
        // before it persists offsets. Returning then (RECONSUME_LATER) would send the message back to the retry
        // topic, remove it from the ProcessQueue and commit past it, so whether the pinned offset survives the
        // shutdown would be a race. We wait for stuckRelease, which is counted down after every consumer is shut
        // down (its process queues dropped, its offsets persisted).
        boolean interrupted = false;
        try {
            for (;;) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.currentTimeMillis();
                try {
                    if (left <= 0 || !stuckRelease.await(left, TimeUnit.MILLISECONDS)) {
                        if (stuckRelease.getCount() == 0) {
                            return true;
                        }
                        report.event("unstuck", "brokerName", mq.getBrokerName(), "queueId", mq.getQueueId(),
                            "offset", m.getQueueOffset());
                        return false; // processed normally after --stuck-ms
                    }
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void startLitePull() throws Exception {
        String g = requireGroup();
        DefaultLitePullConsumer c = new DefaultLitePullConsumer(g);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance(""));
        c.setAutoCommit(false);
        c.setConsumeFromWhere(fromWhere());
        c.setPersistConsumerOffsetInterval((int) opts.num("persist-ms", 5000));
        c.setPollTimeoutMillis(opts.num("poll-ms", 1000));
        c.subscribe(topic, "*");
        c.start();
        String clientId = c.buildMQClientId();
        clientIds.add(clientId);
        litePull = c;
        long sleepMs = opts.num("sleep-ms", 0);
        litePullThread = new Thread(() -> {
            while (stopping.getCount() > 0) {
                try {
                    List<MessageExt> msgs = c.poll(opts.num("poll-ms", 1000));
                    for (MessageExt m : msgs) {
                        pause(sleepMs);
                        recordConsumed(g, clientId, new MessageQueue(m.getTopic(), m.getBrokerName(), m.getQueueId()), m);
                    }
                    if (!msgs.isEmpty()) {
                        c.commitSync();
                    }
                } catch (Throwable t) {
                    if (stopping.getCount() > 0) {
                        errors.incrementAndGet();
                        report.event("error", "where", "litepull", "error", t.toString());
                        pause(500);
                    }
                }
            }
        }, "tm-litepull");
        litePullThread.start();
        System.out.println("lite pull consumer started: group=" + g + " clientId=" + clientId + " autoCommit=false");
    }

    void startProducer(double rate) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(opts.str("producer-group", "tm-producer-" + pid));
        p.setNamesrvAddr(namesrv);
        p.setInstanceName(instance("-producer"));
        p.setSendMsgTimeout(5000);
        p.start();
        producer = p;
        long count = opts.num("count", 0);
        String keyPrefix = opts.str("key-prefix", "k" + Long.toString(System.currentTimeMillis(), 36));
        String tag = opts.str("tag", "tm");
        int bodyBytes = (int) opts.num("body-bytes", 0);
        MessageQueueSelector selector = (mqs, msg, arg) -> mqs.get((int) (((Long) arg) % mqs.size()));
        producerThread = new Thread(() -> {
            long start = System.nanoTime();
            for (long seq = 0; count <= 0 || seq < count; seq++) {
                long due = start + (long) (seq * 1e9 / rate);
                long waitNs = due - System.nanoTime();
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
                StringBuilder body = new StringBuilder()
                    .append("{\"seq\":").append(seq).append(",\"key\":\"").append(key)
                    .append("\",\"sentAt\":").append(System.currentTimeMillis()).append('}');
                while (body.length() < bodyBytes) {
                    body.append(' ');
                }
                Message msg = new Message(topic, tag, key, body.toString().getBytes(StandardCharsets.UTF_8));
                msg.putUserProperty("seq", Long.toString(seq));
                try {
                    SendResult r = p.send(msg, selector, seq);
                    sent.incrementAndGet();
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("type", "sent");
                    rec.put("topic", topic);
                    rec.put("brokerName", r.getMessageQueue().getBrokerName());
                    rec.put("queueId", r.getMessageQueue().getQueueId());
                    rec.put("offset", r.getQueueOffset());
                    rec.put("key", key);
                    rec.put("seq", seq);
                    rec.put("msgId", r.getMsgId());
                    rec.put("status", String.valueOf(r.getSendStatus()));
                    rec.put("ts", System.currentTimeMillis());
                    report.write(rec);
                } catch (Throwable t) {
                    if (stopping.getCount() == 0) {
                        break;
                    }
                    sendErrors.incrementAndGet();
                    report.event("send-error", "topic", topic, "key", key, "seq", seq, "error", t.toString());
                    System.err.println("send failed: " + t);
                }
            }
            if (stopping.getCount() > 0 && scenario.equals("produce")) {
                finished.countDown(); // produce --count N ends the run once everything is sent
            }
        }, "tm-producer");
        producerThread.start();
        System.out.println("producer started: topic=" + topic + " rate=" + rate + "/s count=" + (count > 0 ? count : "unbounded"));
    }

    void recordConsumed(String g, String clientId, MessageQueue mq, MessageExt m) {
        consumed.incrementAndGet();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "consumed");
        rec.put("scenario", scenario);
        rec.put("group", g);
        rec.put("clientId", clientId);
        rec.put("topic", m.getTopic());
        rec.put("brokerName", mq != null ? mq.getBrokerName() : m.getBrokerName());
        rec.put("queueId", m.getQueueId());
        rec.put("offset", m.getQueueOffset());
        rec.put("storeTimestamp", m.getStoreTimestamp());
        rec.put("key", m.getKeys());
        rec.put("reconsumeTimes", m.getReconsumeTimes());
        rec.put("msgId", m.getMsgId());
        rec.put("ts", System.currentTimeMillis());
        report.write(rec);
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

    /** Idempotent; safe from the main thread and from the shutdown hook. */
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
            if (producer != null) {
                producer.shutdown();
            }
            synchronized (pushConsumers) {
                // persists offsets (CLUSTERING: to the broker; BROADCASTING: local store)
                for (DefaultMQPushConsumer c : pushConsumers) {
                    try {
                        c.shutdown();
                    } catch (Throwable t) {
                        report.event("error", "where", "shutdown", "error", t.toString());
                    }
                }
                pushConsumers.clear();
            }
            stuckRelease.countDown();
            if (litePull != null) {
                joinQuietly(litePullThread, 10_000);
                try {
                    litePull.commitSync();
                } catch (Throwable t) {
                    report.event("error", "where", "litepull-commit", "error", t.toString());
                }
                litePull.shutdown();
            }
            report.event("stopped", "reason", reason, "scenario", scenario, "sent", sent.get(),
                "sendErrors", sendErrors.get(), "consumed", consumed.get(), "errors", errors.get());
            System.out.println("stopped (" + reason + "): sent=" + sent.get() + " sendErrors=" + sendErrors.get()
                + " consumed=" + consumed.get());
        } catch (Throwable t) {
            System.err.println("shutdown failed: " + t);
        } finally {
            report.close();
            shutdownDone.countDown();
        }
    }

    static void joinQuietly(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) {
        Opts opts;
        Report report;
        Workload w;
        try {
            opts = Opts.parse(args);
            report = new Report(opts.str("report", null));
            w = new Workload(opts, report);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("workload: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        final Workload wl = w;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> wl.shutdown("signal"), "tm-shutdown-hook"));
        try {
            w.start();
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            report.event("error", "where", "start", "error", t.toString());
            System.err.println("workload failed to start: " + sw);
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
        long bad = w.sendErrors.get() + w.errors.get();
        System.out.println("uptime " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        System.exit(bad > 0 ? 3 : 0);
    }
}
