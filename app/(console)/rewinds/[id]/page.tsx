import { notFound } from "next/navigation";
import { RewindDetail } from "@/components/rewind/RewindDetail";

export const dynamic = "force-dynamic";

export default async function RewindPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const n = Number(id);
  if (!/^\d{1,9}$/.test(id) || n < 1) notFound();
  return <RewindDetail id={n} />;
}
