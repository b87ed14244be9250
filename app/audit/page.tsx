export default function AuditPage() {
  return (
    <>
      <h1>Audit</h1>
      <div className="panel muted">The audit log (who changed which offsets, when and why) is not available in this build yet.</div>
    </>
  );
}
