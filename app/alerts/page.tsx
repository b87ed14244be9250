export default function AlertsPage() {
  return (
    <>
      <h1>Alerts</h1>
      <div className="panel muted">Backlog alert rules and their triage are not available in this build yet.</div>
    </>
  );
}
