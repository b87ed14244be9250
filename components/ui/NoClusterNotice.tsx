export function NoClusterNotice() {
  return (
    <div className="notice" role="status" data-testid="no-cluster">
      <strong>No cluster is configured.</strong>
      <p>
        Point Tidemark at your NameServers with <code>TIDEMARK_CLUSTERS</code> and restart the console, for example:
      </p>
      <pre className="snippet">TIDEMARK_CLUSTERS=&quot;prod=10.0.0.1:9876;10.0.0.2:9876&quot; npm start</pre>
      <p className="muted">Several clusters are separated by commas; several NameServers of one cluster by semicolons.</p>
    </div>
  );
}
