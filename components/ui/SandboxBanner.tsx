export function SandboxBanner() {
  return (
    <div className="notice sandbox-banner" role="note" data-testid="sandbox-banner">
      <strong>Sandbox.</strong> No RocketMQ cluster is configured, so Tidemark shows its built-in sandbox: a simulated NameServer, two
      brokers and consumers speaking the real protocol. Its figures are not from your systems. Set <code>TIDEMARK_CLUSTERS</code> to watch yours.
    </div>
  );
}
