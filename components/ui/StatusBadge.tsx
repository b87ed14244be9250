export function StatusBadge({ code, reason }: { code: string; reason?: string }) {
  return (
    <span className={`status status-${code.toLowerCase()}`} title={reason}>
      {code}
    </span>
  );
}
